package io.github.fpctx.core;

import io.github.fpctx.core.state.StateChange;
import java.util.ArrayList;
import java.util.List;

/** Searches over call trees (package-private helper). */
final class CallTrees {
    private CallTrees() {
    }

    static List<List<String>> pathsWithChange(CallNode root, String prefix) {
        List<List<String>> out = new ArrayList<>();
        walk(root, new ArrayList<>(), prefix, out, true);
        return out;
    }

    private static void walk(CallNode n, List<String> path, String prefix, List<List<String>> out, boolean isRoot) {
        if (!isRoot) {
            path.add(n.function());
        }
        for (CallNode c : n.children()) {
            walk(c, path, prefix, out, false);
        }
        for (StateChange c : n.changes()) {
            if (c.path().startsWith(prefix)) {
                out.add(List.copyOf(path));
                break;
            }
        }
        if (!isRoot) {
            path.remove(path.size() - 1);
        }
    }
}
