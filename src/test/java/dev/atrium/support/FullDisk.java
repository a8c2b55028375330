package dev.atrium.support;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory whose disk can be made to run out of space, for the embedded H2 database, without root
 * and without a real full file system (which a build run by a user cannot make, and which would also
 * starve every other process on the machine).
 *
 * <p>It uses H2's pluggable file system: a database opened with {@link #url(String)} reaches its files
 * through a {@link FilePathWrapper} registered under the prefix {@code fulldisk:}, which passes every
 * call to the ordinary disk. After {@link #fill()}, every write, extension or {@code fsync} of a file in
 * this directory fails exactly as the kernel's {@code ENOSPC} reaches Java: an {@link IOException}
 * whose message is {@value #NO_SPACE}. Reads keep working, as they do on a full disk. {@link #free()}
 * gives the space back. The code under test sees only H2's own errors; it cannot tell the wrapper from a
 * full disk.
 */
public final class FullDisk {
    /** The message of the IOException the JDK raises for ENOSPC on Linux. */
    public static final String NO_SPACE = "No space left on device";
    private static final String SCHEME = "fulldisk";
    /** Absolute paths (with a trailing separator) of the directories whose disk is full now. */
    private static final Set<String> FULL = ConcurrentHashMap.newKeySet();

    static {
        FilePath.register(new Wrapper());
    }

    private final String dir;
    private final AtomicInteger refused = new AtomicInteger();
    private static final ConcurrentHashMap<String, FullDisk> BY_DIR = new ConcurrentHashMap<>();

    private FullDisk(Path dir) {
        this.dir = dir.toAbsolutePath().normalize() + "/";
    }

    /** The disk of {@code dir} (an existing directory), with space until {@link #fill()}. */
    public static FullDisk at(Path dir) {
        FullDisk d = new FullDisk(dir);
        BY_DIR.put(d.dir, d);
        return d;
    }

    /** The JDBC URL of an embedded H2 database named {@code name} in this directory, through the wrapper. */
    public String url(String name) {
        return "jdbc:h2:" + SCHEME + ":" + dir + name;
    }

    /** From now on every write to a file in this directory fails with {@value #NO_SPACE}. */
    public void fill() {
        FULL.add(dir);
    }

    /** The space is back. */
    public void free() {
        FULL.remove(dir);
    }

    /** How many writes failed for lack of space since this disk was made. */
    public int refusedWrites() {
        return refused.get();
    }

    private static void check(String path) throws IOException {
        for (String d : FULL) {
            if (path.startsWith(d)) {
                FullDisk disk = BY_DIR.get(d);
                if (disk != null) {
                    disk.refused.incrementAndGet();
                }
                throw new IOException(NO_SPACE);
            }
        }
    }

    /** The {@code fulldisk:} prefix over H2's default file system. */
    public static final class Wrapper extends FilePathWrapper {
        @Override
        public String getScheme() {
            return SCHEME;
        }

        @Override
        public FileChannel open(String mode) throws IOException {
            FileChannel channel = getBase().open(mode);
            return mode.contains("w") ? new Channel(channel, getBase().toString()) : channel;
        }

        @Override
        public OutputStream newOutputStream(boolean append) throws IOException {
            return newFileChannelOutputStream(open("rw"), append);
        }
    }

    /** A file channel that refuses to grow or write while its disk is full. */
    private static final class Channel extends FileBase {
        private final FileChannel base;
        private final String path;

        Channel(FileChannel base, String path) {
            this.base = base;
            this.path = path;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return base.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return base.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            check(path);
            return base.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            check(path);
            return base.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return base.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            base.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return base.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            base.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            check(path);
            base.force(metaData);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return base.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            base.close();
        }

        @Override
        public String toString() {
            return SCHEME + ":" + path;
        }
    }
}
