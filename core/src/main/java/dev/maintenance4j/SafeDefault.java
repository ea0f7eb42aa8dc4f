package dev.maintenance4j;

/**
 * What to assume when the state can not be known: a corrupt state file, or a store never reached
 * since start. {@link #OPEN} serves traffic as if not in maintenance; {@link #CLOSED} blocks as in full
 * maintenance. Either way the problem is logged loudly.
 */
public enum SafeDefault {
    /** Not in maintenance. The default: an unreadable flag should not take a service down. */
    OPEN,
    /** In full maintenance, for services where serving during an unknown state is the greater risk. */
    CLOSED;

    /** The state to assume. */
    public MaintenanceState state() {
        return this == OPEN
                ? MaintenanceState.off()
                : MaintenanceState.builder()
                        .enabled(true)
                        .mode(Mode.FULL)
                        .reason("Maintenance state is unavailable")
                        .actor("safe-default")
                        .build();
    }
}
