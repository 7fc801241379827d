/**
 * The shape every offline JSON-lines command shares ({@code classify}, {@code coach}, {@code match}): the
 * {@code --name path} arguments, one JSON object in and one answer out per line in the same order, and a
 * line that cannot be read answered with {@code {"id", "error"}} while the rest go on.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "JSON lines",
        allowedDependencies = {"kernel"})
package fi.mokadesk.jsonl;
