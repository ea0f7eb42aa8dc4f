package dev.maintenance4j.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.maintenance4j.net.CidrBlock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code POST api/allow} and {@code api/disallow}: allow-list entries to add or remove. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntriesRequest(
        @JsonPropertyDescription("an array of IP addresses or CIDR blocks") @Nullable
        List<String> entries,

        @JsonPropertyDescription("a non-negative integer") @Nullable
        Long expectedVersion) {

    public EntriesRequest {
        AdminProtocol.expectedVersion(expectedVersion);
    }

    public static EntriesRequest of(List<CidrBlock> entries) {
        return new EntriesRequest(entries.stream().map(CidrBlock::toString).toList(), null);
    }

    /**
     * The entries, at least one.
     *
     * @throws InvalidRequestException when there are none or one is not an address or block
     */
    public List<CidrBlock> blocks() {
        if (entries == null || entries.isEmpty()) {
            throw new InvalidRequestException("entries", "entries must name at least one IP address or CIDR block");
        }
        return AdminProtocol.cidrs("entries", entries);
    }
}
