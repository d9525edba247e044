package io.cleanroom.attestation.snp;

import io.cleanroom.attestation.AttestationException;
import io.cleanroom.attestation.ByteReader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The certificate table of an SEV-SNP extended report (GHCB spec, "SNP Extended Guest Request"), as
 * the kernel returns it in configfs-tsm's {@code auxblob}: entries of (GUID, offset, length) ended
 * by an all-zero entry, offsets relative to the table start.
 */
public final class AuxBlob {

  /** GUID of the VCEK entry. */
  public static final UUID VCEK = UUID.fromString("63da758d-e664-4564-adc5-f4b93be8accd");

  /** GUID of the VLEK entry. */
  public static final UUID VLEK = UUID.fromString("a8074bc2-a25a-483e-aae6-39c045a0b8a1");

  /** GUID of the ASK entry. */
  public static final UUID ASK = UUID.fromString("4ab7b379-bbac-4fe4-a02f-05aef327c782");

  /** GUID of the ARK entry. */
  public static final UUID ARK = UUID.fromString("c0b406a4-a803-4952-9743-3fb6014cd0ae");

  private static final int ENTRY = 24;
  private static final int MAX_ENTRIES = 64;

  private AuxBlob() {}

  /** One table entry. */
  public record Entry(UUID guid, byte[] data) {}

  /** Parses the table; every entry's bytes must lie inside the blob. */
  public static List<Entry> parse(byte[] blob) {
    List<Entry> out = new ArrayList<>();
    ByteReader r = new ByteReader(blob);
    for (int i = 0; ; i++) {
      if (i == MAX_ENTRIES) {
        throw malformed("more than " + MAX_ENTRIES + " certificate table entries");
      }
      byte[] guid = r.bytes(16);
      long offset = r.u32();
      long length = r.u32();
      UUID id = guid(guid);
      if (id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0) {
        if (offset != 0 || length != 0) {
          throw malformed("terminating entry with non-zero offset or length");
        }
        return out;
      }
      if (offset > blob.length || length > blob.length - offset) {
        throw malformed("certificate entry " + id + " points outside the table");
      }
      out.add(new Entry(id, new ByteReader(blob, (int) offset, (int) length).bytes((int) length)));
    }
  }

  /** Builds a table (used by the simulator and tests). */
  public static byte[] build(List<Entry> entries) {
    int headerLen = (entries.size() + 1) * ENTRY;
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(headerLen).order(ByteOrder.LITTLE_ENDIAN);
    for (Entry e : entries) {
      header.put(guidBytes(e.guid()));
      header.putInt(headerLen + data.size());
      header.putInt(e.data().length);
      data.writeBytes(e.data());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header.array());
    out.writeBytes(data.toByteArray());
    return out.toByteArray();
  }

  // GUIDs are stored in the mixed-endian Microsoft layout.
  private static UUID guid(byte[] b) {
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    long d1 = le.getInt(0) & 0xffffffffL;
    long d2 = le.getShort(4) & 0xffffL;
    long d3 = le.getShort(6) & 0xffffL;
    long msb = d1 << 32 | d2 << 16 | d3;
    long lsb = ByteBuffer.wrap(b, 8, 8).getLong();
    return new UUID(msb, lsb);
  }

  private static byte[] guidBytes(UUID id) {
    ByteBuffer out = ByteBuffer.allocate(16);
    long msb = id.getMostSignificantBits();
    out.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (msb >>> 32));
    out.putShort((short) (msb >>> 16)).putShort((short) msb);
    out.order(ByteOrder.BIG_ENDIAN).putLong(id.getLeastSignificantBits());
    return out.array();
  }

  private static AttestationException malformed(String message) {
    return new AttestationException(AttestationException.Code.MALFORMED_EVIDENCE, message);
  }
}
