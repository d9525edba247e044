package io.cleanroom.crypto.arrow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Off-heap memory for the bodies of Arrow IPC messages that a reader decodes one after another,
 * kept and reused instead of allocated afresh for every message.
 *
 * <p>Arrow's default (Netty) allocator gives a pool chunk back as soon as it empties, and a new
 * chunk is zero-filled and page-faulted in; a reader streaming ~1 MiB bodies spent about a quarter
 * of its CPU there. Blocks here (power-of-two sizes from 64 KiB to 256 MiB) are recycled, up to
 * {@code maxIdleBytes} of idle blocks. Every buffer is still allocated through, and accounted to,
 * the caller's allocator ({@link BufferAllocator#wrapForeignAllocation}), so allocator limits and
 * leak checks hold; smaller and larger bodies come from the allocator itself.
 *
 * <p><b>Security:</b> a block goes back to the pool only when Arrow releases the last reference to
 * its buffer, including references transferred to other allocators, so memory is never reused while
 * a vector can still read it. A buffer's capacity is exactly the requested length, so a message
 * cannot address bytes of an earlier body beyond its own. Idle blocks are not zeroed (nor are
 * Netty's); callers fill the whole body before anything reads it.
 */
public final class MessageBodyPool {

  /** The pool that sealed dataset readers share: at most 64 MiB of idle blocks. */
  public static final MessageBodyPool SHARED = new MessageBodyPool(64L << 20);

  private static final int MIN_SHIFT = 16;
  private static final int MAX_SHIFT = 28;

  private final long maxIdleBytes;
  private final List<ArrayDeque<Long>> idle = new ArrayList<>();
  private long idleBytes;

  /** A pool that keeps at most {@code maxIdleBytes} of unused blocks. */
  public MessageBodyPool(long maxIdleBytes) {
    this.maxIdleBytes = maxIdleBytes;
    for (int i = 0; i <= MAX_SHIFT; i++) {
      idle.add(new ArrayDeque<>());
    }
  }

  /**
   * A buffer of exactly {@code length} bytes (contents undefined), accounted to {@code allocator}
   * and returned to this pool when its last reference is released.
   */
  public ArrowBuf allocate(BufferAllocator allocator, long length) {
    if (length < (1L << MIN_SHIFT) || length > (1L << MAX_SHIFT)) {
      return allocator.buffer(length);
    }
    int shift = 64 - Long.numberOfLeadingZeros(length - 1);
    long address = take(shift);
    try {
      return allocator.wrapForeignAllocation(new Block(length, address, shift));
    } catch (RuntimeException e) {
      give(shift, address);
      throw e;
    }
  }

  /** Bytes held in idle blocks. */
  public synchronized long idleBytes() {
    return idleBytes;
  }

  private long take(int shift) {
    synchronized (this) {
      Long address = idle.get(shift).pollLast();
      if (address != null) {
        idleBytes -= 1L << shift;
        return address;
      }
    }
    return MemoryUtil.allocateMemory(1L << shift);
  }

  private void give(int shift, long address) {
    synchronized (this) {
      if (idleBytes + (1L << shift) <= maxIdleBytes) {
        idle.get(shift).addLast(address);
        idleBytes += 1L << shift;
        return;
      }
    }
    MemoryUtil.freeMemory(address);
  }

  private final class Block extends ForeignAllocation {
    private final long address;
    private final int shift;

    Block(long size, long address, int shift) {
      super(size, address);
      this.address = address;
      this.shift = shift;
    }

    @Override
    protected void release0() {
      give(shift, address);
    }
  }
}
