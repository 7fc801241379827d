package fi.mokadesk.workspace;

/** Who made a change: a person, an API token or Mokadesk itself (automations). */
public record Actor(Type type, String id, String name) {

    public enum Type {
        USER,
        TOKEN,
        SYSTEM
    }

    public static Actor system(String what) {
        return new Actor(Type.SYSTEM, null, what);
    }
}
