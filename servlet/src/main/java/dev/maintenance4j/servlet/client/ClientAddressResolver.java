package dev.maintenance4j.servlet.client;

import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.net.IpAddress;
import dev.maintenance4j.net.IpAllowList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the client address of a request. The socket peer is the client unless the peer is a
 * configured trusted proxy; only then are {@code Forwarded} (RFC 7239, preferred) or
 * {@code X-Forwarded-For} read, from right to left, skipping trusted proxies: the first untrusted hop
 * is the client. Headers from an untrusted peer are ignored, so they can not be spoofed. A malformed
 * or obfuscated hop makes the client unknown (null): nothing beyond it can be believed.
 */
public final class ClientAddressResolver {

    /** The most hops walked before giving up. */
    static final int MAX_HOPS = 32;

    private static final ClientAddressResolver NO_PROXIES = new ClientAddressResolver(IpAllowList.empty());

    private final IpAllowList trustedProxies;

    private ClientAddressResolver(IpAllowList trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** Trusts no proxy: the client is always the socket peer. */
    public static ClientAddressResolver direct() {
        return NO_PROXIES;
    }

    /**
     * Trusts these proxy addresses or networks.
     *
     * @throws IllegalArgumentException naming a malformed entry
     */
    public static ClientAddressResolver trusting(Collection<String> proxies) {
        return proxies.isEmpty() ? NO_PROXIES : new ClientAddressResolver(IpAllowList.parse(proxies));
    }

    public List<CidrBlock> trustedProxies() {
        return trustedProxies.entries();
    }

    /**
     * Resolves the client of a request.
     *
     * @param remoteAddr    the socket peer, as {@code getRemoteAddr()} gives it
     * @param forwarded     the {@code Forwarded} header values, in order (may be empty)
     * @param xForwardedFor the {@code X-Forwarded-For} header values, in order (may be empty)
     * @return the client, or null when it can not be known
     */
    public @Nullable IpAddress resolve(String remoteAddr, @Nullable Enumeration<String> forwarded, @Nullable Enumeration<String> xForwardedFor) {
        IpAddress peer = IpAddress.tryParse(remoteAddr);
        if (peer == null || trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        boolean malformed;
        if (forwarded != null && forwarded.hasMoreElements()) {
            malformed = !ForwardedHeaders.forwardedFor(forwarded, hops, MAX_HOPS * 4);
        } else if (xForwardedFor != null && xForwardedFor.hasMoreElements()) {
            malformed = !ForwardedHeaders.xForwardedFor(xForwardedFor, hops, MAX_HOPS * 4);
        } else {
            return peer;
        }
        if (malformed) {
            return null;
        }
        IpAddress leftmost = peer;
        for (int i = hops.size() - 1, walked = 0; i >= 0; i--, walked++) {
            if (walked == MAX_HOPS) {
                return null;
            }
            IpAddress hop = ForwardedHeaders.node(hops.get(i));
            if (hop == null) {
                return null;
            }
            if (!trustedProxies.contains(hop)) {
                return hop;
            }
            leftmost = hop;
        }
        return leftmost;
    }
}
