package io.github.fpctx.core;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A named, parameterised kernel path an architecture offers beyond {@link Operations}, e.g. PowerPC's
 * {@code io_uring_worker_at_interrupt_return(task)} or x86's {@code exec_preempted_and_migrated}.
 * {@link #bind(List)} turns it into an {@link Action}.
 */
public interface KernelPath {
    /** @return the path's name */
    String name();

    /** @return what it models, naming the kernel functions */
    String description();

    /** @return the names of its parameters, e.g. {@code [task]} or {@code [task, cpu]} */
    List<String> parameters();

    /**
     * Binds the parameters.
     *
     * @param arguments one per parameter, as text (task names, CPU numbers)
     * @return the action
     * @throws IllegalArgumentException if the count or a value is wrong
     */
    Action bind(List<String> arguments);

    /**
     * A kernel path from parts; {@link #bind} checks the argument count before calling {@code binder}.
     *
     * <pre>{@code
     * KernelPath p = KernelPath.of("kernel_fpu", "kernel_fpu_begin > ...; kernel_fpu_end", List.of("cpu"),
     *         a -> X86Paths.kernelFpu(KernelPath.intArgument("kernel_fpu", "cpu", a.get(0))));
     * }</pre>
     *
     * @param name        the path's name, non-blank
     * @param description what it models, naming the kernel functions
     * @param parameters  the parameter names
     * @param binder      builds the action from exactly one text argument per parameter
     * @return the path
     */
    static KernelPath of(String name, String description, List<String> parameters, Function<List<String>, Action> binder) {
        io.github.fpctx.core.util.Checks.name(name, "Kernel path name");
        Objects.requireNonNull(description, "description");
        List<String> params = List.copyOf(Objects.requireNonNull(parameters, "parameters"));
        Objects.requireNonNull(binder, "binder");
        return new KernelPath() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public List<String> parameters() {
                return params;
            }

            @Override
            public Action bind(List<String> arguments) {
                Objects.requireNonNull(arguments, "arguments");
                if (arguments.size() != params.size()) {
                    throw new IllegalArgumentException("Kernel path " + name + " takes " + params.size() + " argument(s) "
                            + params + "; got " + arguments.size() + " " + arguments);
                }
                return Objects.requireNonNull(binder.apply(List.copyOf(arguments)), "action of kernel path " + name);
            }

            @Override
            public String toString() {
                return name + params;
            }
        };
    }

    /**
     * Parses a decimal integer argument of a kernel path (a CPU number, a mode).
     *
     * @param path      the path's name, for the message
     * @param parameter the parameter's name, for the message
     * @param text      the argument
     * @return the number
     * @throws IllegalArgumentException naming the path and parameter if the text is not a decimal integer
     */
    static int intArgument(String path, String parameter, String text) {
        Objects.requireNonNull(text, parameter);
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value for " + parameter + " of kernel path " + path
                    + " (expected a decimal number): '" + text + "'", e);
        }
    }
}
