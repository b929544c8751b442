package io.github.fpctx.testkit.junit;

import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test method once per architecture found on the class or module path (or per listed one), with the
 * {@link io.github.fpctx.core.Architecture} as a parameter:
 *
 * <pre>{@code
 * @ForEachArchitecture
 * void execLoadsInitState(Architecture arch) {
 *     assertThat(Scenario.on(arch).task("T", t -> t.onCpu(0)).exec("T").run()).isClean().task("T").seesInitState();
 * }
 * }</pre>
 *
 * <p>If no architecture is found, or a listed one is missing, the test fails with a configuration error naming
 * what to add to the class path.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(ArchitectureExtension.class)
public @interface ForEachArchitecture {
    /** @return the ids or aliases to run on, in this order; empty (the default) for every discovered architecture */
    String[] value() default {};

    /** @return ids or aliases to leave out */
    String[] exclude() default {};
}
