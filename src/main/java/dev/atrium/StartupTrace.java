package dev.atrium;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a start's time goes (issue 15): with {@code -Datrium.startup.trace=true}, {@link Atrium#create}
 * marks each phase and the start prints one line on stderr with the wall time of each, counted from the
 * JVM's own start, and the process CPU time spent in it (which a busy machine distorts far less). Off by default: then a mark costs one field read and nothing is printed.
 */
final class StartupTrace {
    static final boolean ENABLED = Boolean.getBoolean("atrium.startup.trace");
    private static final List<String> MARKS = new ArrayList<>();
    private static long last;
    private static long lastCpu;

    private StartupTrace() {
    }

    /** Records that the phase {@code name} ended now (the first phase starts with the JVM). */
    static synchronized void mark(String name) {
        if (!ENABLED) {
            return;
        }
        long now = ManagementFactory.getRuntimeMXBean().getUptime();
        long cpu = processCpuMillis();
        MARKS.add(String.format(Locale.ROOT, "%s %d ms (cpu %d ms)", name, now - last, cpu - lastCpu));
        last = now;
        lastCpu = cpu;
    }

    /** CPU time of the whole process (JIT and GC threads included), so phases compare on a busy machine. */
    private static long processCpuMillis() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1_000_000 : -1;
    }

    /** Prints the phases once the server listens. */
    static synchronized void print() {
        if (ENABLED) {
            System.err.println("atrium start-up: " + String.join(", ", MARKS) + "; total "
                    + ManagementFactory.getRuntimeMXBean().getUptime() + " ms (cpu " + processCpuMillis()
                    + " ms, all threads) since the JVM started");
        }
    }
}
