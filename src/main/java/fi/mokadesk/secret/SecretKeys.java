package fi.mokadesk.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installation's master key and the keys derived from it, one per purpose, with HKDF-SHA256
 * (RFC 5869): a purpose never sees another purpose's key, and none of them reveals the master key.
 *
 * <p>The master key is {@code MOKADESK_SECRET_KEY} (base64 of 32 bytes). Without it a key is generated once
 * into the data directory ({@code secret.key}, readable by its owner only) and used from then on. Back that
 * file up with the database: without the same key, the audit chain no longer verifies and encrypted
 * secrets cannot be read.
 */
public final class SecretKeys {

    /** HMAC key of the audit chain. */
    public static final String AUDIT_CHAIN = "audit-chain";

    /** AES-GCM key for secrets stored in channel settings. */
    public static final String CHANNEL_SECRETS = "channel-secrets";

    static final int KEY_BYTES = 32;
    private static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final byte[] SALT = "mokadesk secret keys v1".getBytes(StandardCharsets.US_ASCII);
    private static final Logger log = LoggerFactory.getLogger(SecretKeys.class);

    /** Where the master key came from; said in the log, never the key itself. */
    public enum Source {
        CONFIGURED,
        GENERATED,
        LOADED_FROM_FILE
    }

    private final byte[] pseudoRandomKey;
    private final Source source;

    private SecretKeys(byte[] master, Source source) {
        this.pseudoRandomKey = hmac(SALT, master);
        Arrays.fill(master, (byte) 0);
        this.source = source;
    }

    /**
     * The configured key if there is one, else the key file, created on first use.
     *
     * @throws InvalidSecretKey with a one-line reason when the configured key or the file is unusable
     */
    public static SecretKeys load(String configured, Path keyFile) {
        if (configured != null && !configured.isBlank()) {
            return new SecretKeys(decode(configured.strip(), "MOKADESK_SECRET_KEY"), Source.CONFIGURED);
        }
        try {
            if (Files.exists(keyFile)) {
                String text =
                        Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
                warnIfReadableByOthers(keyFile);
                return new SecretKeys(
                        decode(text, "the key file " + keyFile.toAbsolutePath()), Source.LOADED_FROM_FILE);
            }
            byte[] fresh = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(fresh);
            write(keyFile, Base64.getEncoder().encodeToString(fresh));
            log.info(
                    "No MOKADESK_SECRET_KEY set: generated a secret key into {} (back it up with the data; set"
                            + " MOKADESK_SECRET_KEY on every node of a cluster)",
                    keyFile.toAbsolutePath());
            return new SecretKeys(fresh, Source.GENERATED);
        } catch (IOException e) {
            throw new InvalidSecretKey(
                    "cannot read or create the secret key file " + keyFile.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    /** A key from the given bytes, e.g. in tests. */
    public static SecretKeys of(byte[] master) {
        if (master.length != KEY_BYTES) throw new InvalidSecretKey("the secret key must be 32 bytes");
        return new SecretKeys(master.clone(), Source.CONFIGURED);
    }

    public Source source() {
        return source;
    }

    /** The 32-byte key for one purpose (lower-case words joined by hyphens), usable as HMAC or AES key. */
    public SecretKey key(String purpose) {
        return new SecretKeySpec(bytes(purpose), "HmacSHA256");
    }

    /** The same derived key as raw bytes (e.g. for {@code new SecretKeySpec(bytes, "AES")}); wipe after use. */
    public byte[] bytes(String purpose) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("a key purpose is lower-case words joined by hyphens");
        }
        // HKDF-Expand with one block: T(1) = HMAC(PRK, info || 0x01), 32 bytes as SHA-256 gives.
        byte[] info = purpose.getBytes(StandardCharsets.US_ASCII);
        byte[] input = Arrays.copyOf(info, info.length + 1);
        input[info.length] = 1;
        return hmac(pseudoRandomKey, input);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(String text, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSecretKey(where + " is not valid base64 (expected 32 random bytes, e.g. from"
                    + " `openssl rand -base64 32`)");
        }
        if (key.length != KEY_BYTES) {
            throw new InvalidSecretKey(where + " decodes to " + key.length + " bytes; it must be 32 (e.g. from"
                    + " `openssl rand -base64 32`)");
        }
        return key;
    }

    private static void write(Path keyFile, String text) throws IOException {
        Path dir = keyFile.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        boolean posix = Files.getFileStore(dir == null ? Path.of(".") : dir).supportsFileAttributeView("posix");
        try {
            // Created with owner-only permissions from the start, so the key is never readable by others.
            if (posix) {
                Files.createFile(
                        keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(keyFile);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("another process created it at the same time; start again", e);
        }
        Files.writeString(keyFile, text + "\n", StandardCharsets.US_ASCII);
    }

    private static void warnIfReadableByOthers(Path keyFile) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
            if (permissions.stream()
                    .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                log.warn("The secret key file {} is readable by others; chmod 600 it", keyFile.toAbsolutePath());
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }

    /** The key is unusable: the desk stops with this one line. */
    public static final class InvalidSecretKey extends RuntimeException {
        public InvalidSecretKey(String message) {
            super(message);
        }
    }
}
