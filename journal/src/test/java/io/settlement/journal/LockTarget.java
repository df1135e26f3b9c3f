package io.settlement.journal;

import java.nio.file.Path;

/**
 * The other process of {@link DataDirectoryLockTest}: starts a node on a directory and says what
 * happened on one line, "HOLDING" (then keeps the node until killed or its stdin closes) or
 * "REFUSED message".
 */
public final class LockTarget
{
    private LockTarget()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final SettlementNode node;
        try
        {
            node = SettlementNode.start(RestartTest.config(Path.of(args[0]), 0));
        }
        catch (final DataDirectoryLock.InUseException refused)
        {
            System.out.println("REFUSED " + refused.getMessage());
            System.out.flush();
            System.exit(1);
            return;
        }
        System.out.println("HOLDING");
        System.out.flush();
        while (System.in.read() >= 0)
        {
            // hold until the parent closes stdin (or kills this process)
        }
        node.close();
    }
}
