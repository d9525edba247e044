package io.cleanroom.query.privacy.dp;

import io.cleanroom.query.QueryException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A privacy budget ledger kept in one JSON file per contract ({@code <contractId>.budget.json}, see
 * {@link LedgerFile}) in a directory.
 *
 * <p>Each charge reads the file, checks and adds the charge, writes a temporary file, forces it to
 * disk, and renames it over the old one atomically; a crash leaves the old or the new ledger, never
 * a mix. Charges are serialised by a lock per file within the JVM and by an OS file lock on {@code
 * <contractId>.budget.lock} across processes.
 *
 * <p><b>Security:</b> a missing file means nothing was spent yet; a file that cannot be read as a
 * consistent ledger of its contract fails every call with {@code IO} and is never reset. This
 * guarantees no overspending against a crash or concurrent queries, not against a host that deletes
 * or rolls back the file: that needs the file sealed to the enclave and its head in the
 * transparency log, which is outside this class.
 */
public final class FileBudgetLedger implements PrivacyBudgetLedger {

  private static final Pattern CONTRACT_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final ConcurrentMap<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path directory;
  private final Clock clock;

  /** A ledger in {@code directory} (created if missing), stamping charges with the UTC clock. */
  public FileBudgetLedger(Path directory) {
    this(directory, Clock.systemUTC());
  }

  /** A ledger in {@code directory} (created if missing), stamping charges with {@code clock}. */
  public FileBudgetLedger(Path directory, Clock clock) {
    try {
      this.directory = Files.createDirectories(directory).toRealPath();
    } catch (IOException e) {
      throw new QueryException(
          QueryException.Code.IO, "cannot open the privacy budget ledger directory", e);
    }
    this.clock = clock;
  }

  @Override
  public BudgetCharge charge(
      BudgetLimits limits, Collection<String> owners, double epsilon, String queryFingerprint) {
    String id = limits.contractId();
    return locked(
        id,
        book -> {
          LedgerEntry e = book.charge(limits, owners, epsilon, queryFingerprint, clock.instant());
          write(book);
          return new BudgetCharge(id, e.owners(), epsilon, queryFingerprint, e.time());
        });
  }

  @Override
  public BigDecimal spent(String contractId, String owner) {
    return locked(contractId, book -> book.spent(owner));
  }

  @Override
  public List<LedgerEntry> entries(String contractId) {
    return locked(contractId, BudgetBook::entries);
  }

  /** The ledger file of a contract. */
  public Path file(String contractId) {
    return directory.resolve(checked(contractId) + ".budget.json");
  }

  private <T> T locked(String contractId, Function<BudgetBook, T> action) {
    Path file = file(contractId);
    Path lockFile = directory.resolve(contractId + ".budget.lock");
    synchronized (JVM_LOCKS.computeIfAbsent(file, f -> new Object())) {
      try (FileChannel ch =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = ch.lock();
        try {
          return action.apply(read(contractId, file));
        } finally {
          lock.release();
        }
      } catch (IOException e) {
        throw new QueryException(
            QueryException.Code.IO,
            "cannot lock the privacy budget ledger of contract " + contractId,
            e);
      }
    }
  }

  private static BudgetBook read(String contractId, Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new BudgetBook(contractId);
    } catch (IOException e) {
      throw LedgerFile.corrupt(contractId, "unreadable file", e);
    }
    return LedgerFile.decode(contractId, bytes);
  }

  private void write(BudgetBook book) {
    Path file = file(book.contractId());
    Path tmp = null;
    try {
      tmp = Files.createTempFile(directory, book.contractId() + ".budget.", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(LedgerFile.encode(book));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
      syncDirectory();
    } catch (IOException e) {
      throw new QueryException(
          QueryException.Code.IO,
          "cannot write the privacy budget ledger of contract "
              + book.contractId()
              + "; the charge was not recorded",
          e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: a stray temporary file is never read
        }
      }
    }
  }

  /** Makes the rename durable where the file system allows syncing a directory. */
  private void syncDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Not supported everywhere; the rename itself is atomic.
    }
  }

  private static String checked(String contractId) {
    if (contractId == null || !CONTRACT_ID.matcher(contractId).matches()) {
      throw new QueryException(
          QueryException.Code.INVALID_CONTRACT, "a contract id must be 1-128 letters or digits");
    }
    return contractId;
  }
}
