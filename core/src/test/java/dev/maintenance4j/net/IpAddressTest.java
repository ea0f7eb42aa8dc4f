package dev.maintenance4j.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @Test
    void parsesIpv4() {
        IpAddress a = IpAddress.parse("192.168.1.20");
        assertThat(a.isIpv4()).isTrue();
        assertThat(a.low()).isEqualTo(0xC0A80114L);
        assertThat(a).hasToString("192.168.1.20");
    }

    @Test
    void parsesIpv6FormsToTheSameAddress() {
        IpAddress full = IpAddress.parse("2001:0db8:0000:0000:0000:0000:0000:0001");
        assertThat(IpAddress.parse("2001:db8::1")).isEqualTo(full);
        assertThat(IpAddress.parse("[2001:db8::1]")).isEqualTo(full);
        assertThat(IpAddress.parse("2001:DB8::1")).isEqualTo(full);
        assertThat(IpAddress.parse("fe80::1%eth0")).isEqualTo(IpAddress.parse("fe80::1"));
        assertThat(full).hasToString("2001:db8::1");
        assertThat(IpAddress.parse("::")).hasToString("::");
        assertThat(IpAddress.parse("::1")).hasToString("::1");
        assertThat(IpAddress.parse("0:0:0:0:0:0:0:1")).isEqualTo(IpAddress.parse("::1"));
        assertThat(IpAddress.parse("1::")).hasToString("1::");
    }

    @Test
    void ipv4MappedIpv6BecomesIpv4() {
        IpAddress mapped = IpAddress.parse("::ffff:10.1.2.3");
        assertThat(mapped.isIpv4()).isTrue();
        assertThat(mapped).isEqualTo(IpAddress.parse("10.1.2.3"));
        assertThat(IpAddress.parse("::ffff:a01:203")).isEqualTo(IpAddress.parse("10.1.2.3"));
        assertThat(IpAddress.parse("0:0:0:0:0:ffff:10.1.2.3")).isEqualTo(mapped);
    }

    @Test
    void embeddedIpv4InOtherIpv6StaysIpv6() {
        IpAddress a = IpAddress.parse("64:ff9b::192.0.2.33");
        assertThat(a.isIpv4()).isFalse();
        assertThat(a).hasToString("64:ff9b::c000:221");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1.2.3",
                "1.2.3.4.5",
                "256.1.1.1",
                "01.2.3.4",
                "1.2.3.-4",
                "1..3.4",
                "a.b.c.d",
                "1:2:3:4:5:6:7:8:9",
                "1:::2",
                "1::2::3",
                ":1::2",
                "1::2:",
                "12345::",
                "g::1",
                "::ffff:1.2.3",
                "1:2:3:4:5:6:7:1.2.3.4",
                "[::1",
                "::1]",
                "localhost",
                " 1.2.3.4",
                "1.2.3.4 ",
                "1.2.3.4/24"
            })
    void refusesMalformedText(String text) {
        assertThat(IpAddress.tryParse(text)).isNull();
        assertThatThrownBy(() -> IpAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text);
    }
}
