package jp.mamori;

import com.sun.jna.Pointer;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An owned native handle. Calls hold a read lock, {@link #close()} the write lock, so a close
 * racing with calls on other threads waits for them instead of freeing memory under them;
 * after close every call throws {@link IllegalStateException} (never touches freed memory).
 */
abstract class Handle implements AutoCloseable {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private Pointer ptr;

    Handle(Pointer ptr) {
        if (ptr == null) {
            throw new MamoriException.Internal("library returned a NULL handle on success");
        }
        this.ptr = ptr;
    }

    /** Release the native handle. */
    abstract void free(Pointer p);

    interface Call<T> {
        T run(Pointer p);
    }

    /** Run {@code call} with the live handle. */
    final <T> T with(Call<T> call) {
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        try {
            if (ptr == null) {
                throw new IllegalStateException(getClass().getSimpleName() + " is closed");
            }
            return call.run(ptr);
        } finally {
            r.unlock();
        }
    }

    /** Whether {@link #close()} has been called. */
    public final boolean isClosed() {
        lock.readLock().lock();
        try {
            return ptr == null;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Release the handle. Idempotent; later calls throw {@link IllegalStateException}. */
    @Override
    public final void close() {
        lock.writeLock().lock();
        try {
            if (ptr != null) {
                Pointer p = ptr;
                ptr = null;
                free(p);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
