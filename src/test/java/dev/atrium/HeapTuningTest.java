package dev.atrium;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The start's step before listening (issue 15, goal 3): G1's manageable options set. */
class HeapTuningTest {
    private static final HotSpotDiagnosticMXBean HOTSPOT = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void shrinkSetsTheHeapFreeRatiosAndThePeriodicCollection() {
        HeapTuning.shrink();

        assertOption("MinHeapFreeRatio", "10");
        assertOption("MaxHeapFreeRatio", "20");
        assertOption("G1PeriodicGCInterval", "30000");
    }

    private static void assertOption(String name, String expected) {
        // the test JVM is started without these flags (the pom's surefire settings set none)
        VMOption option = HOTSPOT.getVMOption(name);
        assertThat(option.getValue()).isEqualTo(expected);
        assertThat(option.getOrigin()).isEqualTo(VMOption.Origin.MANAGEMENT);
    }
}
