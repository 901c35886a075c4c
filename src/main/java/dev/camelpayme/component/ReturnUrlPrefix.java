package dev.camelpayme.component;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * One allowed beginning of a return_url, compared after parsing, never as text: scheme, host and port must be equal
 * (so {@code https://shop.example.com.evil.example/} and {@code https://shop.example.com@evil.example/} do not pass
 * {@code https://shop.example.com/}), and the path must lie under the prefix's path at a segment boundary once dot
 * segments are resolved, both as written and percent-decoded (so {@code /paid/%2e%2e/admin} is not under
 * {@code /paid/}).
 */
record ReturnUrlPrefix(String scheme, String host, int port, String path) {

    /** The prefix, or null if it is not an absolute http(s) URL with a host and without user info, query or fragment. */
    static ReturnUrlPrefix parse(String text) {
        URI uri = httpUrl(text);
        if (uri == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return null;
        }
        String rawPath = withoutDotSegments(uri.getRawPath());
        if (!rawPath.equals(withoutDotSegments(uri.getPath()))) {
            // a prefix whose path reads differently decoded would match ambiguously
            return null;
        }
        return new ReturnUrlPrefix(scheme(uri), host(uri), port(uri), rawPath);
    }

    /**
     * The text as an absolute http or https URL with a host and without user info, or null. Only printable text is
     * parsed: invisible characters (zero-width, bidirectional overrides...) have no business in a URL.
     */
    static URI httpUrl(String text) {
        if (text == null || !RequestChecks.isPrintable(text)) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : scheme(uri);
            boolean http = scheme.equals("http") || scheme.equals("https");
            if (!uri.isAbsolute() || !http || uri.getHost() == null || uri.getHost().isEmpty()
                    || uri.getRawUserInfo() != null) {
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** Whether the URL, already accepted by {@link #httpUrl}, starts with this prefix. */
    boolean allows(URI url) {
        if (!scheme.equals(scheme(url)) || !host.equals(host(url)) || port != port(url)) {
            return false;
        }
        return isUnder(withoutDotSegments(url.getRawPath())) && isUnder(withoutDotSegments(url.getPath()));
    }

    private boolean isUnder(String candidate) {
        if (path.endsWith("/")) {
            return candidate.startsWith(path);
        }
        return candidate.equals(path) || candidate.startsWith(path + "/");
    }

    private static String scheme(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static String host(URI uri) {
        return uri.getHost().toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return scheme(uri).equals("https") ? 443 : 80;
    }

    /**
     * The path with {@code .} and {@code ..} segments resolved as a browser does (RFC 3986 §5.2.4; {@code ..} never
     * climbs above the root); an empty path is {@code /}.
     */
    static String withoutDotSegments(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = path.split("/", -1);
        // parts[0] is the empty string before the leading slash
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.equals(".")) {
                if (last) {
                    segments.addLast("");
                }
            } else if (part.equals("..")) {
                segments.pollLast();
                if (last) {
                    segments.addLast("");
                }
            } else {
                segments.addLast(part);
            }
        }
        return "/" + String.join("/", segments);
    }
}
