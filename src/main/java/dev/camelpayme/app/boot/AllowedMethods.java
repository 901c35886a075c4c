package dev.camelpayme.app.boot;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

/**
 * The methods a router takes on a path, for the {@code Allow} header of a 405: Vert.x answers 405 when a route has the
 * path but not the method, and leaves {@code Allow} to the application.
 */
final class AllowedMethods {

    private AllowedMethods() {
    }

    /**
     * The methods of the routers' routes whose fixed or {@code :param} path matches, comma-separated and sorted. The
     * routers are those mounted at the root (Camel's routers of the REST routes), so a route's path is the request's.
     */
    static String of(Collection<? extends Router> routers, String path) {
        Set<String> methods = new TreeSet<>();
        for (Router router : routers) {
            for (Route route : router.getRoutes()) {
                Set<HttpMethod> taken = route.methods();
                if (route.getPath() != null && taken != null && !taken.isEmpty()
                        && matches(route.getPath(), path)) {
                    taken.forEach(method -> methods.add(method.name()));
                }
            }
        }
        return String.join(", ", methods);
    }

    /** Segment by segment; a trailing slash counts as none, as Vert.x matches it. */
    static boolean matches(String routePath, String path) {
        String[] expected = trim(routePath).split("/", -1);
        String[] actual = trim(path).split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean parameter = expected[i].startsWith(":") && !actual[i].isEmpty();
            if (!parameter && !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static String trim(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
