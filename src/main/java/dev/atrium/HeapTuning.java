package dev.atrium;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;

/**
 * Footprint without JVM flags (issue 15, goal 3): at the end of a start ({@link #shrink}, {@link #settle})
 * sets the HotSpot options that are {@code manageable} on JDK 17, so that G1 gives memory back instead of
 * keeping the heap at its high-water mark, and collects what the start left behind.
 * {@code MinHeapFreeRatio=10} and {@code MaxHeapFreeRatio=20} make each heap resize after a concurrent
 * cycle or a full collection keep at most a fifth of the heap free, and
 * {@code G1PeriodicGCInterval=30000} starts a concurrent cycle after 30 s without any collection, which
 * returns the idle heap to the operating system. {@code SoftMaxHeapSize} is manageable too but G1
 * ignores it on JDK 17, and the maximum heap itself can only be set on the command line. Under load G1
 * still grows the heap to its initial size and beyond: it expands whenever its pauses take more than a
 * threshold of the time, and scales that threshold down towards 1 % while the heap is far below its
 * maximum (a quarter of the machine's memory), which no manageable option changes.
 * A flag the operator set on the command line is left alone; a JVM without these options (another
 * collector, another vendor) is left as it is, with one debug line. The start script ({@code ./atrium})
 * runs the serial collector with a heap ceiling instead, which makes G1's options moot; it gets free
 * ratios of its own ({@link #SERIAL_MIN_FREE}, {@link #SERIAL_MAX_FREE}), and the two collections apply
 * to it as well (a full collection resizes its heap by the ratios).
 */
final class HeapTuning {
    private static final Logger LOG = LoggerFactory.getLogger(HeapTuning.class);

    /**
     * The serial collector's free ratios. It applies them to its old generation after every full
     * collection, and a full collection runs when a young one finds too little room there for what it
     * promotes: with 10 and 20, under a token load about 3 MiB free after a full collection, gone after
     * two or three young collections, so one full collection of about 50 ms (a fixed cost for the most
     * part: class unloading, the roots of about 7,000 classes and the compiled code) every second; with
     * 25 and 40 half as many, and 354 and 363 MiB after the soak in two runs (goal 3: 400). Measured in the README's
     * "Figures measured" section.
     */
    static final String SERIAL_MIN_FREE = "25";
    static final String SERIAL_MAX_FREE = "40";

    private HeapTuning() {
    }

    /**
     * The step before Jetty starts: the options below, then one full collection. A start leaves its
     * garbage behind (class files parsed, migrations run, the bootstrap's objects) in a heap committed
     * at the JVM's initial size, a sixty-fourth of the machine's memory; with {@code MaxHeapFreeRatio=20}
     * the collection shrinks the heap to what the server holds. G1 hands the freed regions back to the
     * operating system on a thread of its own about 100 ms later, so this runs while Jetty's start is
     * still ahead. Without it the process keeps that memory until the first concurrent cycle or the
     * periodic collection after 30 idle seconds. An operator's {@code -XX:+DisableExplicitGC} turns
     * the collection into nothing.
     */
    static void shrink() {
        apply();
        System.gc();
    }

    /**
     * The last step, once the server listens and before {@code /health} reports ready: Jetty's start
     * collected too, then glibc's free lists handed back (the JIT compilers free their arenas there) by
     * the JDK's own diagnostic command {@code System.trim_native_heap}, called through its platform
     * MBean. A JVM without the command (another C library, another vendor) skips the trim with one
     * debug line.
     */
    static void settle() {
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
            options(serialCollector()).forEach((name, value) -> set(hotspot, name, value));
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("heap options left at their defaults: {}", e.toString());
        }
    }

    /** The options set, in this order (the JVM refuses a maximum free ratio below the current minimum). */
    static java.util.LinkedHashMap<String, String> options(boolean serial) {
        var options = new java.util.LinkedHashMap<String, String>();
        options.put("MinHeapFreeRatio", serial ? SERIAL_MIN_FREE : "10");
        options.put("MaxHeapFreeRatio", serial ? SERIAL_MAX_FREE : "20");
        if (!serial) {
            options.put("G1PeriodicGCInterval", "30000");
        }
        return options;
    }

    /** Whether the JVM runs the serial collector (the start script's), whose old generation is named so. */
    static boolean serialCollector() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(b -> b.getName().equals("MarkSweepCompact"));
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
