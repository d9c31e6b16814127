package be.belfort.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundHttpTest {
    private String before;

    @BeforeEach
    void keep() {
        before = System.getProperty(OutboundHttp.KEEP_ALIVE_PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(OutboundHttp.KEEP_ALIVE_PROPERTY);
        } else {
            System.setProperty(OutboundHttp.KEEP_ALIVE_PROPERTY, before);
        }
    }

    @Test
    void idleConnectionsAreClosedWellBeforeTheServersThirtySeconds() {
        System.clearProperty(OutboundHttp.KEEP_ALIVE_PROPERTY);
        OutboundHttp.keepIdleConnectionsBriefly();
        assertThat(Integer.parseInt(System.getProperty(OutboundHttp.KEEP_ALIVE_PROPERTY))).isBetween(1, 5);
    }

    @Test
    void anOperatorsOwnIdleTimeIsKept() {
        System.setProperty(OutboundHttp.KEEP_ALIVE_PROPERTY, "12");
        OutboundHttp.keepIdleConnectionsBriefly();
        assertThat(System.getProperty(OutboundHttp.KEEP_ALIVE_PROPERTY)).isEqualTo("12");
    }
}
