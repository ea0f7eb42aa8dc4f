package dev.maintenance4j.http;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile {@code Accept} headers: the answer is a choice between the page and JSON, never an exception. */
class AcceptHeaderProperties {

    @Property
    void acceptHeadersNeverThrow(@ForAll("acceptText") String accept) {
        ContentNegotiation.prefersJson(accept);
    }

    @Provide
    Arbitrary<String> acceptText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings()
                        .withChars("application/json;q=0.123456789,text/html*+ ")
                        .ofMaxLength(300),
                Arbitraries.of("application/json;q=NaN", "text/html;q=-1", "*/*;q=1.0000001", ";;;,,,", "q=0.5"));
    }
}
