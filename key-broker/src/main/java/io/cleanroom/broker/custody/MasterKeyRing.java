package io.cleanroom.broker.custody;

import io.cleanroom.broker.BrokerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The current master key, which seals every new record, and earlier ones, which only open records
 * not yet re-sealed (docs/key-broker.md, "Master key rotation").
 */
public final class MasterKeyRing {

  private final MasterKey current;
  private final Map<String, MasterKey> byId = new LinkedHashMap<>();

  public MasterKeyRing(MasterKey current, List<MasterKey> previous) {
    this.current = current;
    byId.put(current.id(), current);
    previous.forEach(k -> byId.putIfAbsent(k.id(), k));
  }

  /** The key that seals new records. */
  public MasterKey current() {
    return current;
  }

  /** The key with this id, if the ring holds it. */
  public Optional<MasterKey> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Builds the ring from configuration. */
  @ApplicationScoped
  public static final class Producer {

    @Produces
    @Singleton
    MasterKeyRing ring(BrokerConfig config) {
      BrokerConfig.MasterKeyConfig mk = config.masterKey();
      List<MasterKey> previous = new ArrayList<>();
      return switch (mk.backend()) {
        case "file" -> {
          for (Path p : mk.previousFiles().orElse(List.of())) {
            previous.add(FileMasterKey.loadOrCreate(p));
          }
          yield new MasterKeyRing(FileMasterKey.loadOrCreate(mk.file()), previous);
        }
        case "pkcs11" -> {
          BrokerConfig.Pkcs11Config p = mk.pkcs11();
          Path library =
              p.library()
                  .orElseThrow(
                      () ->
                          new IllegalStateException("broker.master-key.pkcs11.library is not set"));
          char[] pin =
              p.pin()
                  .orElseThrow(
                      () -> new IllegalStateException("broker.master-key.pkcs11.pin is not set"))
                  .toCharArray();
          for (String label : p.previousKeyLabels().orElse(List.of())) {
            previous.add(Pkcs11MasterKey.open(library, p.slotListIndex(), pin, label, false));
          }
          yield new MasterKeyRing(
              Pkcs11MasterKey.open(
                  library, p.slotListIndex(), pin, p.keyLabel(), p.createIfMissing()),
              previous);
        }
        default ->
            throw new IllegalStateException(
                "broker.master-key.backend must be file or pkcs11, not " + mk.backend());
      };
    }
  }
}
