package io.github.fpctx.arch.powerpc.internal;

import io.github.fpctx.core.Action;
import io.github.fpctx.core.register.BitVector;
import io.github.fpctx.core.Operations;
import io.github.fpctx.core.register.Register;
import io.github.fpctx.core.register.RegisterLayout;

/** The core's generic events for one PowerPC layout, implemented with {@link PpcActions}. */
final class PpcOperations implements Operations {
    private final RegisterLayout layout;

    PpcOperations(RegisterLayout layout) {
        this.layout = layout;
    }

    @Override
    public Action userWrite(String task, String register, BitVector value) {
        Register r = layout.register(register);
        r.check(value);
        return PpcActions.userWrite(task, register, value);
    }

    @Override
    public Action preempt(String task) {
        return PpcActions.preempt(task);
    }

    @Override
    public Action resume(String task, int cpu) {
        return PpcActions.resume(task, cpu);
    }

    @Override
    public Action syscall(String task) {
        return PpcActions.nullSyscall(task);
    }

    @Override
    public Action interrupt(String task) {
        return PpcActions.interrupt(task);
    }

    @Override
    public Action signal(String task) {
        return PpcActions.signal(task);
    }

    @Override
    public Action fork(String task, String child) {
        return PpcActions.fork(task, child);
    }

    @Override
    public Action cloneThread(String task, String child) {
        return PpcActions.cloneThread(task, child);
    }

    @Override
    public Action exec(String task) {
        return PpcActions.exec(task);
    }

    @Override
    public Action kernelFpUse(int cpu) {
        return PpcActions.kernelFpUse(cpu);
    }

    @Override
    public Action signalDelivery(String task) {
        return PpcActions.signalDelivery(task);
    }

    @Override
    public Action signalFrameWrite(String task, String register, BitVector value) {
        return PpcActions.signalFrameWrite(task, register, value);
    }

    @Override
    public Action sigreturn(String task) {
        return PpcActions.sigreturn(task);
    }
}
