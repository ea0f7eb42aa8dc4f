package dev.maintenance4j.http;

import dev.maintenance4j.net.CidrBlock;
import dev.maintenance4j.net.IpAddress;
import dev.maintenance4j.net.IpAllowList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Finds the client address of a request. The socket peer is the client unless the peer is a
 * configured trusted proxy; only then is the one configured header family read ({@link ForwardedHeader}:
 * {@code X-Forwarded-For} by default, or {@code Forwarded}; never "whichever is present", which would let
 * a client pass its own header through a proxy that writes the other), from right to left, skipping
 * trusted proxies: the first untrusted hop is the client. Headers from an untrusted peer are ignored, so
 * they can not be spoofed. A malformed or obfuscated hop makes the client unknown (null): nothing beyond
 * it can be believed.
 */
public final class ClientAddressResolver {

    /** The most hops walked before giving up. */
    static final int MAX_HOPS = 32;

    private static final ClientAddressResolver NO_PROXIES =
            new ClientAddressResolver(IpAllowList.empty(), ForwardedHeader.X_FORWARDED_FOR);

    private final IpAllowList trustedProxies;
    private final ForwardedHeader header;

    private ClientAddressResolver(IpAllowList trustedProxies, ForwardedHeader header) {
        this.trustedProxies = trustedProxies;
        this.header = header;
    }

    /**
     * Trusts these proxy addresses or networks, reading {@code X-Forwarded-For} from them.
     *
     * @throws IllegalArgumentException naming a malformed entry
     */
    public static ClientAddressResolver trusting(Collection<String> proxies) {
        return trusting(proxies, ForwardedHeader.X_FORWARDED_FOR);
    }

    /**
     * Trusts these proxy addresses or networks, reading the given header family from them.
     *
     * @throws IllegalArgumentException naming a malformed entry
     */
    public static ClientAddressResolver trusting(Collection<String> proxies, ForwardedHeader header) {
        Objects.requireNonNull(header, "header");
        return proxies.isEmpty() ? NO_PROXIES : new ClientAddressResolver(IpAllowList.parse(proxies), header);
    }

    /**
     * The client as a key for per-client limits and the audit: its address through the trusted proxies, or
     * the socket peer as {@code peer:ADDRESS} when the client can not be known (a malformed hop).
     */
    public String clientKey(String remoteAddr, HeaderValues headers) {
        return clientKey(resolve(remoteAddr, headers), remoteAddr);
    }

    /** {@link #clientKey(String, HeaderValues)} for a client already resolved (or not: null). */
    public static String clientKey(@Nullable IpAddress client, String remoteAddr) {
        return client != null ? client.toString() : "peer:" + remoteAddr;
    }

    /** The header family read from trusted proxies. */
    public ForwardedHeader header() {
        return header;
    }

    public List<CidrBlock> trustedProxies() {
        return trustedProxies.entries();
    }

    /** True when the socket peer is one of the trusted proxies, whose forwarded headers are believed. */
    public boolean trusts(String remoteAddr) {
        return !trustedProxies.isEmpty() && trustedProxies.contains(IpAddress.tryParse(remoteAddr));
    }

    /** The client of a request from {@code remoteAddr}: reads only the configured header family. */
    public @Nullable IpAddress resolve(String remoteAddr, HeaderValues headers) {
        return resolveFrom(remoteAddr, headers.values(header.addressHeader()));
    }

    /**
     * True when the client reached us over HTTPS: the connection itself is secure, or a trusted proxy says
     * the client used {@code https} (the first {@code X-Forwarded-Proto} value, or the first
     * {@code proto=} of {@code Forwarded}, as configured). Behind a TLS-terminating proxy the connection
     * is plain HTTP, yet cookies must still be {@code Secure}.
     *
     * @param remoteAddr the socket peer
     * @param secure     whether the connection itself is secure
     * @param headers    the request's headers: only the configured scheme header is read ({@link ForwardedHeader#schemeHeader()})
     */
    public boolean isHttps(String remoteAddr, boolean secure, HeaderValues headers) {
        if (secure) {
            return true;
        }
        if (!trusts(remoteAddr)) {
            return false;
        }
        Iterator<String> values = headers.values(header.schemeHeader());
        if (!values.hasNext()) {
            return false;
        }
        List<String> schemes = new ArrayList<>();
        return entries(values, "proto", schemes)
                && !schemes.isEmpty()
                && schemes.get(0).equalsIgnoreCase("https");
    }

    /** The client from the peer and the configured family's address header values. */
    private @Nullable IpAddress resolveFrom(String remoteAddr, Iterator<String> values) {
        IpAddress peer = IpAddress.tryParse(remoteAddr);
        if (peer == null || trustedProxies.isEmpty() || !trustedProxies.contains(peer)) {
            return peer;
        }
        if (!values.hasNext()) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        if (!entries(values, "for", hops)) {
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

    /**
     * The configured family's entries, in order: {@code Forwarded}'s {@code parameter} of each element, or
     * each comma-separated value of {@code X-Forwarded-For} / {@code X-Forwarded-Proto}.
     *
     * @return false when a header is malformed or too long
     */
    private boolean entries(Iterator<String> values, String parameter, List<String> out) {
        return header == ForwardedHeader.FORWARDED
                ? ForwardedHeaders.forwarded(values, parameter, out, MAX_HOPS * 4)
                : ForwardedHeaders.xForwardedFor(values, out, MAX_HOPS * 4);
    }
}
