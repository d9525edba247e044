package io.cleanroom.crypto.arrow;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pooled body buffers are accounted to the caller's allocator and reused only once released. */
class MessageBodyPoolTest {

  private final BufferAllocator allocator = new RootAllocator();
  private final MessageBodyPool pool = new MessageBodyPool(8L << 20);

  @AfterEach
  void tearDown() {
    allocator.close(); // fails the test if any buffer leaked
  }

  @Test
  void aBufferHasExactlyTheRequestedCapacityAndIsAccountedToTheAllocator() {
    try (ArrowBuf b = pool.allocate(allocator, 700_000)) {
      assertThat(b.capacity()).isEqualTo(700_000);
      assertThat(allocator.getAllocatedMemory()).isEqualTo(700_000);
      b.setLong(700_000 - 8, 42);
      assertThat(b.getLong(700_000 - 8)).isEqualTo(42);
    }
    assertThat(allocator.getAllocatedMemory()).isZero();
  }

  @Test
  void aBlockReturnsToThePoolOnlyWhenItsLastReferenceIsReleased() {
    ArrowBuf b = pool.allocate(allocator, 1 << 20);
    ArrowBuf slice = b.slice(10, 100);
    slice.getReferenceManager().retain();
    b.close();
    assertThat(pool.idleBytes()).as("a slice still holds the block").isZero();
    slice.getReferenceManager().release();
    assertThat(pool.idleBytes()).isEqualTo(1 << 20);
    try (ArrowBuf again = pool.allocate(allocator, 600_000)) {
      assertThat(pool.idleBytes()).as("reused, not allocated afresh").isZero();
      assertThat(again.capacity()).isEqualTo(600_000);
    }
  }

  @Test
  void aBlockTransferredToAnotherAllocatorStaysInUseUntilThatOneReleasesIt() {
    try (BufferAllocator other = allocator.newChildAllocator("other", 0, Long.MAX_VALUE)) {
      ArrowBuf b = pool.allocate(allocator, 1 << 20);
      ArrowBuf moved = b.getReferenceManager().transferOwnership(b, other).getTransferredBuffer();
      b.close();
      assertThat(pool.idleBytes()).isZero();
      moved.close();
      assertThat(pool.idleBytes()).isEqualTo(1 << 20);
    }
  }

  @Test
  void keepsNoMoreIdleMemoryThanItsBound() {
    ArrowBuf[] bufs = new ArrowBuf[5];
    for (int i = 0; i < bufs.length; i++) {
      bufs[i] = pool.allocate(allocator, 2 << 20);
    }
    for (ArrowBuf b : bufs) {
      b.close();
    }
    assertThat(pool.idleBytes()).isEqualTo(8L << 20);
  }

  @Test
  void smallAndHugeBodiesComeFromTheAllocatorItself() {
    try (ArrowBuf small = pool.allocate(allocator, 100)) {
      assertThat(small.capacity()).isGreaterThanOrEqualTo(100);
    }
    assertThat(pool.idleBytes()).isZero();
  }
}
