/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.opendaylight.vias.impl.bypass.LatencyHistogram;

/**
 * One metric family as Prometheus sees it: a name, a help text, a type and its series (one per label set). Built
 * with {@link #counter}, {@link #gauge} or {@link #histogram} and {@code add}; names and label names are checked
 * here, so a bad one fails where it is made and not in a scrape.
 */
public final class Metric {
    /** The Prometheus metric types VIAS uses. */
    public enum Type { COUNTER, GAUGE, HISTOGRAM }

    /** One series: its labels (in the order given) and a value, or a histogram for {@link Type#HISTOGRAM}. */
    public record Series(Map<String, String> labels, double value, LatencyHistogram.Snapshot histogram) {
    }

    static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final String name;
    private final String help;
    private final Type type;
    private final List<Series> series = new ArrayList<>();

    private Metric(final String name, final String help, final Type type) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Prometheus metric name: '" + name + "'");
        }
        if (type == Type.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name ends in _total: '" + name + "'");
        }
        this.name = name;
        this.help = Objects.requireNonNull(help);
        this.type = type;
    }

    public static Metric counter(final String name, final String help) {
        return new Metric(name, help, Type.COUNTER);
    }

    public static Metric gauge(final String name, final String help) {
        return new Metric(name, help, Type.GAUGE);
    }

    public static Metric histogram(final String name, final String help) {
        return new Metric(name, help, Type.HISTOGRAM);
    }

    /** Adds a series; {@code labels} alternate name, value. */
    public Metric add(final double value, final String... labels) {
        if (type == Type.HISTOGRAM) {
            throw new IllegalStateException(name + " is a histogram");
        }
        series.add(new Series(labels(labels), value, null));
        return this;
    }

    public Metric add(final LatencyHistogram.Snapshot histogram, final String... labels) {
        if (type != Type.HISTOGRAM) {
            throw new IllegalStateException(name + " is not a histogram");
        }
        series.add(new Series(labels(labels), 0, Objects.requireNonNull(histogram)));
        return this;
    }

    public String name() {
        return name;
    }

    public String help() {
        return help;
    }

    public Type type() {
        return type;
    }

    public List<Series> series() {
        return List.copyOf(series);
    }

    private static Map<String, String> labels(final String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        final Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            final String label = pairs[i];
            if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__") || "le".equals(label)) {
                throw new IllegalArgumentException("not a usable label name: '" + label + "'");
            }
            out.put(label, pairs[i + 1] == null ? "" : pairs[i + 1]);
        }
        return out;
    }
}
