package io.settlement.journal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import net.openhft.posix.PosixAPI;
import net.openhft.posix.internal.PosixAPIHolder;

/**
 * Makes every msync Chronicle issues, from any thread, a real failed system call until closed: the
 * call goes to the kernel with its address moved off the page boundary, so msync(2) fails with EINVAL
 * and errno says so, and Chronicle sees a genuine failure. Every other POSIX call goes through as it is.
 * Swaps Chronicle's process-wide POSIX implementation: for tests that run one at a time.
 */
final class FailingMsync implements AutoCloseable
{
    private final PosixAPI real;

    private FailingMsync()
    {
        real = PosixAPI.posix();
        PosixAPIHolder.POSIX_API = (PosixAPI)Proxy.newProxyInstance(
            PosixAPI.class.getClassLoader(), new Class<?>[] {PosixAPI.class}, this::invoke);
    }

    static FailingMsync install()
    {
        return new FailingMsync();
    }

    private Object invoke(final Object proxy, final Method method, final Object[] args) throws Throwable
    {
        if (method.getName().equals("msync"))
        {
            args[0] = (Long)args[0] + 1; // not page-aligned: EINVAL from the kernel
        }
        try
        {
            return method.invoke(real, args);
        }
        catch (final InvocationTargetException ex)
        {
            throw ex.getCause();
        }
    }

    @Override
    public void close()
    {
        PosixAPIHolder.POSIX_API = real;
    }
}
