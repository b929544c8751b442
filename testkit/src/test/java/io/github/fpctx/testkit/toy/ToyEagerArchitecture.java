package io.github.fpctx.testkit.toy;

import java.util.Set;

/**
 * The toy architecture with an eager FPU ({@code toy-eager}): every switch-in reloads the registers, as x86 has
 * done since v4.9 ({@code eagerfpu} by default); it declares no errata.
 */
public final class ToyEagerArchitecture extends ToyArchitecture {
    /** The registered eager toy. */
    public ToyEagerArchitecture() {
        super("toy-eager", true, Set.of());
    }
}
