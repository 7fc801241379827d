package fi.mokadesk.channel.meta;

import java.util.Set;

/**
 * Where Facebook and Instagram differ, and nothing else: both are the same kind of channel (public comments
 * on posts, private messages, the same Graph API), but they name the account, the token and some fields and
 * edges differently. The adapters, the event handling and the sending are written once and take one of these.
 *
 * @param type the channel type
 * @param name the platform's name in texts and log lines
 * @param prefix the start of every thread key of the platform ({@code fb:…}, {@code ig:…})
 * @param accountSetting the setting with the account id that webhooks name in {@code entry[].id}
 * @param tokenSetting the setting with the access token
 * @param publicReplyEdge the edge under a comment that a public reply is posted to
 * @param hideField the field that hides or shows a comment
 * @param postThread what a public thread is keyed by ({@code post}, {@code media})
 * @param personThread what a private thread is keyed by ({@code psid}, {@code user})
 * @param personItem the start of a private message's thread in {@code meta_item}
 */
record MetaPlatform(
        String type,
        String name,
        String prefix,
        String accountSetting,
        String tokenSetting,
        String publicReplyEdge,
        String hideField,
        String postThread,
        String personThread,
        String personItem) {

    static final MetaPlatform FACEBOOK = new MetaPlatform(
            "facebook",
            "Facebook",
            "fb",
            "pageId",
            "pageAccessToken",
            "comments",
            "is_hidden",
            "post",
            "psid",
            "psid:");
    static final MetaPlatform INSTAGRAM = new MetaPlatform(
            "instagram",
            "Instagram",
            "ig",
            "instagramAccountId",
            "accessToken",
            "replies",
            "hide",
            "media",
            "user",
            "igsid:");

    /** The settings sealed at rest. */
    Set<String> secrets() {
        return Set.of(tokenSetting, MetaSettings.APP_SECRET, MetaSettings.VERIFY_TOKEN);
    }

    /** One public conversation per post; a comment without a post id stands alone. */
    String publicThread(String postId, String commentId) {
        return postId != null ? prefix + ":" + postThread + ":" + postId : prefix + ":comment:" + commentId;
    }

    /** One private conversation per person; person ids are scoped to the account, so the account is in the key. */
    String privateThread(String account, String person) {
        return prefix + ":" + personThread + ":" + account + ":" + person;
    }
}
