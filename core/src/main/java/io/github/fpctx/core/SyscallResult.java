package io.github.fpctx.core;

import java.util.Objects;
import java.util.Optional;

/**
 * What a modelled system call returned to user space: a value, or an error number, as the kernel puts it in the
 * return register ({@code -EINVAL} is {@code value == -22}, {@code errno == Optional.of("EINVAL")}). Kernel paths
 * record it with {@link KernelContext#syscallReturns}; every {@link Step} lists the results of its syscalls.
 *
 * <pre>{@code
 * SyscallResult r = step.syscall("prctl(PR_SET_FPEXC)").orElseThrow();
 * r.errno();       // Optional[EINVAL] for a mode above PR_FP_EXC_PRECISE
 * }</pre>
 *
 * @param task    the calling task
 * @param syscall the call as user space wrote it, e.g. {@code prctl(PR_GET_FPEXC)}
 * @param value   the return register: 0 or more on success, minus the error number on failure
 * @param errno   the error's name ({@code EINVAL}) on failure, empty on success
 * @implSpec This class is immutable and thread-safe.
 */
public record SyscallResult(String task, String syscall, long value, Optional<String> errno) {
    /** The largest error number a syscall returns ({@code MAX_ERRNO}). */
    public static final int MAX_ERRNO = 4095;

    /**
     * Validates the parts.
     *
     * @param task    non-blank
     * @param syscall non-blank
     * @param value   negative exactly when {@code errno} is present, then -1 to -{@value #MAX_ERRNO}
     * @param errno   an {@code E...} name or empty
     */
    public SyscallResult {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(syscall, "syscall");
        Objects.requireNonNull(errno, "errno");
        if (task.isBlank() || syscall.isBlank()) {
            throw new IllegalArgumentException("Syscall result needs a task and a syscall name; got '" + task + "', '" + syscall + "'");
        }
        if (errno.isPresent() != (value < 0)) {
            throw new IllegalArgumentException("Invalid value for the return of " + syscall + " (an error number "
                    + "exactly when negative): " + value + " with errno " + errno.orElse("none"));
        }
        if (value < -MAX_ERRNO) {
            throw new IllegalArgumentException("Invalid value for the return of " + syscall + " (valid errors -1 - -"
                    + MAX_ERRNO + "): " + value);
        }
        if (errno.isPresent() && !errno.get().matches("E[A-Z0-9]+")) {
            throw new IllegalArgumentException("Invalid errno name for " + syscall + " (E followed by capitals, e.g. EINVAL): " + errno.get());
        }
    }

    /**
     * A successful return.
     *
     * @param task    the caller
     * @param syscall the call
     * @param value   0 or more
     * @return the result
     */
    public static SyscallResult success(String task, String syscall, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("Invalid value for a successful return of " + syscall + " (valid values 0 or more): " + value);
        }
        return new SyscallResult(task, syscall, value, Optional.empty());
    }

    /**
     * A failed return.
     *
     * @param task    the caller
     * @param syscall the call
     * @param errno   the error's name, e.g. {@code EINVAL}
     * @param number  its number, e.g. 22 (1 to {@value #MAX_ERRNO})
     * @return the result, {@code value == -number}
     */
    public static SyscallResult failure(String task, String syscall, String errno, int number) {
        if (number < 1 || number > MAX_ERRNO) {
            throw new IllegalArgumentException("Invalid value for errno " + errno + " (valid values 1 - " + MAX_ERRNO + "): " + number);
        }
        return new SyscallResult(task, syscall, -number, Optional.of(errno));
    }

    /** @return whether the call failed */
    public boolean isError() {
        return errno.isPresent();
    }

    @Override
    public String toString() {
        return syscall + " = " + errno.map(e -> "-" + e + " (" + value + ")").orElse(Long.toString(value));
    }
}
