package dev.atrium;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The start's step before listening (issue 15, goals 1 and 3): the manageable heap options set, per collector. */
class HeapTuningTest {
    private static final HotSpotDiagnosticMXBean HOTSPOT = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void shrinkSetsTheHeapFreeRatiosAndThePeriodicCollection() {
        HeapTuning.shrink();

        // surefire's JVM runs the collector the machine's size picks (G1 on two cores); the values are the table's below
        HeapTuning.options(HeapTuning.serialCollector()).forEach(HeapTuningTest::assertOption);
        assertThat(HeapTuning.options(HeapTuning.serialCollector())).isNotEmpty();
    }

    @Test
    void theSerialCollectorGetsWiderFreeRatiosAndNoG1Option() {
        // the start script's serial collector gets the first (checked on a running server in StartScriptIT)
        assertThat(HeapTuning.options(true)).containsExactly(
                java.util.Map.entry("MinHeapFreeRatio", "25"), java.util.Map.entry("MaxHeapFreeRatio", "40"));
        assertThat(HeapTuning.options(false)).containsExactly(java.util.Map.entry("MinHeapFreeRatio", "10"),
                java.util.Map.entry("MaxHeapFreeRatio", "20"), java.util.Map.entry("G1PeriodicGCInterval", "30000"));
    }

    private static void assertOption(String name, String expected) {
        // the test JVM is started without these flags (the pom's surefire settings set none)
        VMOption option = HOTSPOT.getVMOption(name);
        assertThat(option.getValue()).isEqualTo(expected);
        assertThat(option.getOrigin()).isEqualTo(VMOption.Origin.MANAGEMENT);
    }
}
