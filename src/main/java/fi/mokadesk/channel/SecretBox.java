package fi.mokadesk.channel;

import fi.mokadesk.secret.SecretKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts channel secrets with AES-256-GCM under the {@code channel-secrets} key. A stored value is
 * {@code v1:<base64 of 12-byte nonce + ciphertext + tag>}; the workspace and channel id are the associated
 * data, so a ciphertext copied to another channel's row does not decrypt there.
 */
@Component
class SecretBox {

    private static final String PREFIX = "v1:";
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    SecretBox(SecretKeys keys) {
        byte[] bytes = keys.bytes(SecretKeys.CHANNEL_SECRETS);
        this.key = new SecretKeySpec(bytes, "AES");
        Arrays.fill(bytes, (byte) 0);
    }

    String seal(String plain, String context) {
        try {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                                    .put(nonce)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String open(String stored, String context) {
        if (stored == null || !stored.startsWith(PREFIX)) throw new IllegalStateException("not a sealed secret");
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A different MOKADESK_SECRET_KEY than the one the secret was stored with.
            throw new IllegalStateException("a channel secret cannot be decrypted with the current secret key", e);
        }
    }
}
