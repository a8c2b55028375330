package dev.atrium.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Starts several writers together, each on its own thread, and waits for all of them: the store
 * contracts use it to check that concurrent {@code update(id, change)} calls lose nothing.
 */
final class ConcurrentWriters {
    /** One writer: {@code writer} is its number, {@code round} counts from 1 to the number of rounds. */
    interface Writer {
        void write(int writer, int round) throws Exception;
    }

    private ConcurrentWriters() {
    }

    /** Runs {@code writers} threads, each calling {@code write} {@code rounds} times; rethrows the first failure. */
    static void run(int writers, int rounds, Writer write) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int round = 1; round <= rounds; round++) {
                        write.write(writer, round);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
