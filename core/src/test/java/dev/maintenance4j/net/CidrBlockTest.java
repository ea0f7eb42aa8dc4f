package dev.maintenance4j.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrBlockTest {

    @Test
    void containsAddressesOfItsNetworkOnly() {
        CidrBlock block = CidrBlock.parse("10.0.0.0/8");
        assertThat(block.contains(IpAddress.parse("10.255.1.2"))).isTrue();
        assertThat(block.contains(IpAddress.parse("11.0.0.0"))).isFalse();
        assertThat(block.contains(IpAddress.parse("::ffff:10.1.1.1"))).isTrue();
        assertThat(block.contains(IpAddress.parse("::a00:1"))).isFalse();
        CidrBlock v6 = CidrBlock.parse("2001:db8::/32");
        assertThat(v6.contains(IpAddress.parse("2001:db8:ffff::1"))).isTrue();
        assertThat(v6.contains(IpAddress.parse("2001:db9::1"))).isFalse();
    }

    @Test
    void aSingleAddressIsAFullLengthBlock() {
        assertThat(CidrBlock.parse("192.0.2.7").prefix()).isEqualTo(32);
        assertThat(CidrBlock.parse("::1").prefix()).isEqualTo(128);
        assertThat(CidrBlock.parse("192.0.2.7")).hasToString("192.0.2.7");
    }

    @Test
    void mappedNetworksBecomeIpv4() {
        assertThat(CidrBlock.parse("::ffff:10.0.0.0/104")).isEqualTo(CidrBlock.parse("10.0.0.0/8"));
    }

    @Test
    void zeroPrefixCoversTheFamily() {
        assertThat(CidrBlock.parse("0.0.0.0/0").contains(IpAddress.parse("255.255.255.255")))
                .isTrue();
        assertThat(CidrBlock.parse("::/0").contains(IpAddress.parse("ffff::1"))).isTrue();
        assertThat(CidrBlock.parse("::/0").last())
                .isEqualTo(IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    }

    @Test
    void refusesMalformedEntriesWithAClearMessage() {
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.1/8")).hasMessageContaining("did you mean 10.0.0.0/8");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/33")).hasMessageContaining("at most /32");
        assertThatThrownBy(() -> CidrBlock.parse("2001:db8::/129")).hasMessageContaining("at most /128");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/")).hasMessageContaining("malformed prefix");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/-1")).hasMessageContaining("malformed prefix");
        assertThatThrownBy(() -> CidrBlock.parse("10.0.0.0/8/8")).hasMessageContaining("malformed prefix");
        assertThatThrownBy(() -> CidrBlock.parse("example.com"))
                .hasMessageContaining("is not an IP address or CIDR block");
        assertThatThrownBy(() -> CidrBlock.parse("::ffff:10.0.0.0/8")).hasMessageContaining("/96 or more");
    }

    @Test
    void ipv6BlocksSpanningTheMappedRangeKeepTheirOwnEnd() {
        // found by IpMatchingProperties: ::/80 ends at ::ffff:ffff:ffff, which reads as 255.255.255.255
        IpAllowList list = IpAllowList.of(List.of(CidrBlock.parse("::/80")));
        assertThat(list.contains(IpAddress.parse("::abcd"))).isTrue();
        assertThat(list.contains(IpAddress.parse("::1:0:0:0"))).isFalse();
        assertThat(list.contains(IpAddress.parse("255.255.255.255"))).isFalse();
        assertThat(IpAllowList.of(List.of(CidrBlock.parse("::/64"))).contains(IpAddress.parse("::ffff:0:0:1")))
                .isTrue();
    }
}
