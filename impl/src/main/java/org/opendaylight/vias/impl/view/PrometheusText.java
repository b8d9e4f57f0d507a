/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.view;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opendaylight.vias.impl.bypass.LatencyHistogram;

/**
 * Writes metric families in the Prometheus text exposition format 0.0.4: {@code # HELP}, {@code # TYPE}, then one
 * line per sample; label values escaped (backslash, double quote, line feed), help text escaped (backslash, line
 * feed); histograms as {@code _bucket{le=...}}, {@code _sum}, {@code _count}. No timestamps: Prometheus stamps the
 * scrape.
 */
public final class PrometheusText {
    /** The Content-Type of this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String write(final List<Metric> metrics) {
        final StringBuilder sb = new StringBuilder();
        for (Metric metric : metrics) {
            sb.append("# HELP ").append(metric.name()).append(' ').append(escapeHelp(metric.help())).append('\n');
            sb.append("# TYPE ").append(metric.name()).append(' ')
                .append(metric.type().name().toLowerCase(Locale.ROOT)).append('\n');
            for (Metric.Series series : metric.series()) {
                if (metric.type() == Metric.Type.HISTOGRAM) {
                    histogram(sb, metric.name(), series.labels(), series.histogram());
                } else {
                    sample(sb, metric.name(), series.labels(), null, number(series.value()));
                }
            }
        }
        return sb.toString();
    }

    private static void histogram(final StringBuilder sb, final String name, final Map<String, String> labels,
            final LatencyHistogram.Snapshot histogram) {
        final double[] bounds = histogram.upperBounds();
        for (int i = 0; i < bounds.length; i++) {
            sample(sb, name + "_bucket", labels, number(bounds[i]), Long.toString(histogram.cumulative()[i]));
        }
        sample(sb, name + "_bucket", labels, "+Inf", Long.toString(histogram.count()));
        sample(sb, name + "_sum", labels, null, number(histogram.sumSeconds()));
        sample(sb, name + "_count", labels, null, Long.toString(histogram.count()));
    }

    private static void sample(final StringBuilder sb, final String name, final Map<String, String> labels,
            final String le, final String value) {
        sb.append(name);
        if (!labels.isEmpty() || le != null) {
            sb.append('{');
            String separator = "";
            for (Map.Entry<String, String> label : labels.entrySet()) {
                sb.append(separator).append(label.getKey()).append("=\"").append(escapeLabel(label.getValue()))
                    .append('"');
                separator = ",";
            }
            if (le != null) {
                sb.append(separator).append("le=\"").append(le).append('"');
            }
            sb.append('}');
        }
        sb.append(' ').append(value).append('\n');
    }

    /** Integral values without a fraction (counters read better), others in Java's shortest exact form. */
    static String number(final double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    static String escapeLabel(final String value) {
        final StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String escapeHelp(final String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
