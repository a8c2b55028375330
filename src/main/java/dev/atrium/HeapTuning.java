package dev.atrium;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;

/**
 * Footprint without JVM flags (issue 15, goal 3): sets the HotSpot options that are {@code manageable}
 * on JDK 17, at the end of a start ({@link #settle}), so that G1 gives memory back instead of keeping the heap at its
 * high-water mark. {@code MinHeapFreeRatio=10} and {@code MaxHeapFreeRatio=20} make each heap resize
 * after a concurrent cycle or a full collection keep at most a fifth of the heap free, and
 * {@code G1PeriodicGCInterval=30000} starts a concurrent cycle after 30 s without any collection, which
 * returns the idle heap to the operating system. {@code SoftMaxHeapSize} is manageable too but G1
 * ignores it on JDK 17, and the maximum heap itself can only be set on the command line.
 * A flag the operator set on the command line is left alone; a JVM without these options (another
 * collector, another vendor) is left as it is, with one debug line.
 */
final class HeapTuning {
    private static final Logger LOG = LoggerFactory.getLogger(HeapTuning.class);

    private HeapTuning() {
    }

    /**
     * The last step of a start, before {@code /health} reports ready: the options below, one full
     * collection, then glibc's free lists handed back. A start leaves its garbage behind (class files
     * parsed, migrations run, the bootstrap's objects) in a heap committed at the JVM's initial size, a
     * sixty-fourth of the machine's memory, and freed native memory (the JIT compilers' arenas) in
     * glibc's free lists; without this step the process keeps both until the first concurrent cycle or
     * the periodic collection after 30 idle seconds. The collection, with {@code MaxHeapFreeRatio=20},
     * shrinks the heap to what the server holds; the trim is the JDK's own diagnostic command
     * {@code System.trim_native_heap}, called through its platform MBean. An operator's
     * {@code -XX:+DisableExplicitGC} turns the collection into nothing; a JVM without the command
     * (another C library, another vendor) skips the trim with one debug line.
     */
    static void settle() {
        apply();
        System.gc();
        trimNativeHeap();
    }

    private static void trimNativeHeap() {
        try {
            var server = ManagementFactory.getPlatformMBeanServer();
            Object result = server.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", null, null);
            LOG.debug("{}", result);
        } catch (javax.management.JMException | RuntimeException | LinkageError e) {
            LOG.debug("native heap not trimmed: {}", e.toString());
        }
    }

    static void apply() {
        try {
            var hotspot = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            // the minimum first: the JVM refuses a maximum below the current minimum
            set(hotspot, "MinHeapFreeRatio", "10");
            set(hotspot, "MaxHeapFreeRatio", "20");
            set(hotspot, "G1PeriodicGCInterval", "30000");
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("heap options left at their defaults: {}", e.toString());
        }
    }

    private static void set(com.sun.management.HotSpotDiagnosticMXBean hotspot, String name, String value) {
        var option = hotspot.getVMOption(name);
        if (option.getOrigin() == com.sun.management.VMOption.Origin.VM_CREATION
                || option.getOrigin() == com.sun.management.VMOption.Origin.ENVIRON_VAR) {
            return;
        }
        hotspot.setVMOption(name, value);
    }
}
