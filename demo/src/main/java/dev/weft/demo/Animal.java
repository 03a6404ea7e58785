package dev.weft.demo;

/**
 * A runner of the cat-and-dog race of <i>Async Rust</i>, the article's {@code enum Animal { Cat {
 * name }, Dog { name } }}; {@code race} and {@code select} both run it.
 *
 * @param kind {@code Cat} or {@code Dog}
 * @param name its name
 */
public record Animal(String kind, String name) {
    /** Felix. */
    public static final Animal CAT = new Animal("Cat", "Felix");

    /** Rex. */
    public static final Animal DOG = new Animal("Dog", "Rex");

    /**
     * Returns the other runner of the race.
     *
     * @return {@link #DOG} for a cat, {@link #CAT} for a dog
     */
    public Animal rival() {
        return kind.equals(CAT.kind()) ? DOG : CAT;
    }

    @Override
    public String toString() {
        return kind + " { name: \"" + name + "\" }";
    }
}
