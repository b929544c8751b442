package io.github.fpctx.core.internal;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An unmodifiable list over an array that nobody else holds: the machine state's CPU and task lists, which are
 * replaced one element at a time on every kernel step, so one array copy per replacement instead of the three that
 * {@code new ArrayList} + {@code List.copyOf} make.
 *
 * @param <E> the element type
 * @implSpec Immutable as long as the array handed to {@link #wrap} is not written afterwards.
 */
public final class FrozenList<E> extends AbstractList<E> implements RandomAccess {
    private final E[] items;

    private FrozenList(E[] items) {
        this.items = items;
    }

    /**
     * @param items non-null elements, owned by the list from now on
     * @param <E>   the element type
     * @return the list
     */
    public static <E> List<E> wrap(E[] items) {
        for (E e : items) {
            if (e == null) {
                throw new IllegalArgumentException("list elements must not be null");
            }
        }
        return new FrozenList<>(items);
    }

    /**
     * A copy of {@code list} with element {@code index} replaced.
     *
     * @param list    the list
     * @param index   the index
     * @param element the new element, not null
     * @param <E>     the element type
     * @return the new list
     */
    @SuppressWarnings("unchecked")
    public static <E> List<E> replace(List<E> list, int index, E element) {
        if (element == null) {
            throw new IllegalArgumentException("list elements must not be null");
        }
        Object[] a = list instanceof FrozenList<E> f ? f.items.clone() : list.toArray();
        a[index] = element;
        return new FrozenList<>((E[]) a);
    }

    @Override
    public E get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }
}
