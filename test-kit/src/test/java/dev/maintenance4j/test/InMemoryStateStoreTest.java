package dev.maintenance4j.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.maintenance4j.SafeDefault;
import dev.maintenance4j.spi.StateStore;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest extends StateStoreContract {

    private InMemoryStateStore first;

    @Override
    protected StateStore newStore(SafeDefault safeDefault) {
        if (first == null) {
            first = new InMemoryStateStore();
            return safeDefault == SafeDefault.OPEN ? first : first.sharing(safeDefault);
        }
        return first.sharing(safeDefault);
    }

    @Override
    protected void corruptStoredState() {
        first.corrupt("{\"format\":1,\"version\":".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void storesThatShareNothingAreIndependent() {
        InMemoryStateStore other = new InMemoryStateStore();
        store.compareAndSet(0, down("here"), change("down"));
        assertThat(other.read().enabled()).isFalse();
        assertThat(other.history(5)).isEmpty();
        other.close();
    }
}
