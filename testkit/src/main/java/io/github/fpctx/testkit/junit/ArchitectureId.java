package io.github.fpctx.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the architecture to inject into an {@link io.github.fpctx.core.Architecture} parameter of an ordinary test
 * (with {@code @ExtendWith(ArchitectureExtension.class)} on the class):
 *
 * <pre>{@code
 * @Test
 * void fr0IsDoublewordZeroOfVs0(@ArchitectureId("ppc64") Architecture ppc) { ... }
 * }</pre>
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ArchitectureId {
    /** @return the architecture id or alias */
    String value();
}
