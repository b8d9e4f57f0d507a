/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.view;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;

/** Reads a text exposition back with Hawkular's Prometheus text parser (an independent implementation). */
final class Exposition {
    private Exposition() {
    }

    static Map<String, MetricFamily> parse(final String text) throws IOException {
        final Map<String, MetricFamily> out = new LinkedHashMap<>();
        final TextPrometheusMetricDataParser parser =
            new TextPrometheusMetricDataParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        for (MetricFamily family = parser.parse(); family != null; family = parser.parse()) {
            if (out.put(family.getName(), family) != null) {
                throw new AssertionError("family written twice: " + family.getName());
            }
        }
        return out;
    }

    /** The value of the counter or gauge series of {@code family} with exactly these labels. */
    static double value(final Map<String, MetricFamily> families, final String family,
            final Map<String, String> labels) {
        final MetricFamily f = families.get(family);
        if (f == null) {
            throw new AssertionError("no family " + family + " in " + families.keySet());
        }
        for (Metric m : f.getMetrics()) {
            if (m.getLabels().equals(labels)) {
                if (m instanceof Counter c) {
                    return c.getValue();
                }
                if (m instanceof Gauge g) {
                    return g.getValue();
                }
                throw new AssertionError(family + " is neither counter nor gauge");
            }
        }
        throw new AssertionError("no series " + labels + " of " + family);
    }
}
