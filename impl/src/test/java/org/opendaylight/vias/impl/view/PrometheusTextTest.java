/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.hawkular.agent.prometheus.types.Histogram;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.MetricType;
import org.junit.jupiter.api.Test;
import org.opendaylight.vias.impl.bypass.LatencyHistogram;

class PrometheusTextTest {

    @Test
    void countersAndGaugesParseBackWithTheirTypesHelpAndValues() throws Exception {
        final String text = PrometheusText.write(List.of(
            Metric.counter("vias_test_bytes_total", "Bytes, counted").add(12345, "peer", "b").add(0, "peer", "c"),
            Metric.gauge("vias_test_up", "1 when up").add(1)));
        final Map<String, MetricFamily> parsed = Exposition.parse(text);
        assertEquals(MetricType.COUNTER, parsed.get("vias_test_bytes_total").getType());
        assertEquals("Bytes, counted", parsed.get("vias_test_bytes_total").getHelp());
        assertEquals(MetricType.GAUGE, parsed.get("vias_test_up").getType());
        assertEquals(12345, Exposition.value(parsed, "vias_test_bytes_total", Map.of("peer", "b")));
        assertEquals(0, Exposition.value(parsed, "vias_test_bytes_total", Map.of("peer", "c")));
        assertEquals(1, Exposition.value(parsed, "vias_test_up", Map.of()));
        assertEquals(2, parsed.get("vias_test_bytes_total").getMetrics().size());
    }

    @Test
    void labelValuesAreEscapedAndParseBackUnchanged() throws Exception {
        final String nasty = "a \"quoted\" C:\\path\\ and\na new line, {braces}=";
        final String text = PrometheusText.write(List.of(Metric.gauge("vias_test_reason", "Help with \\ and\nline")
            .add(7, "reason", nasty, "other", "")));
        assertTrue(text.contains("reason=\"a \\\"quoted\\\" C:\\\\path\\\\ and\\na new line, {braces}=\""), text);
        assertTrue(text.contains("# HELP vias_test_reason Help with \\\\ and\\nline\n"), text);
        final Map<String, MetricFamily> parsed = Exposition.parse(text);
        assertEquals(7, Exposition.value(parsed, "vias_test_reason", Map.of("reason", nasty, "other", "")));
        // every sample is on one line: the escaped line feed did not split it
        assertEquals(3, text.split("\n").length);
    }

    @Test
    void histogramHasCumulativeBucketsInfSumAndCount() throws Exception {
        final LatencyHistogram h = new LatencyHistogram(new double[] {0.05, 0.1, 1});
        h.observeMillis(40);
        h.observeMillis(62);
        h.observeMillis(62);
        h.observeMillis(2500);
        final String text = PrometheusText.write(List.of(
            Metric.histogram("vias_test_delay_seconds", "Delay").add(h.snapshot(), "peer", "b")));
        assertTrue(text.contains("vias_test_delay_seconds_bucket{peer=\"b\",le=\"+Inf\"} 4\n"), text);
        assertTrue(text.contains("vias_test_delay_seconds_count{peer=\"b\"} 4\n"), text);
        final MetricFamily family = Exposition.parse(text).get("vias_test_delay_seconds");
        assertEquals(MetricType.HISTOGRAM, family.getType());
        final Histogram parsed = (Histogram) family.getMetrics().get(0);
        assertEquals(Map.of("peer", "b"), parsed.getLabels());
        assertEquals(4, parsed.getSampleCount());
        assertEquals(0.04 + 0.062 + 0.062 + 2.5, parsed.getSampleSum(), 1e-9);
        final List<Histogram.Bucket> buckets = parsed.getBuckets();
        assertEquals(4, buckets.size());
        assertEquals(0.05, buckets.get(0).getUpperBound());
        assertEquals(1, buckets.get(0).getCumulativeCount());
        assertEquals(3, buckets.get(1).getCumulativeCount());
        assertEquals(3, buckets.get(2).getCumulativeCount());
        assertEquals(Double.POSITIVE_INFINITY, buckets.get(3).getUpperBound());
        assertEquals(4, buckets.get(3).getCumulativeCount());
    }

    @Test
    void numbersUseThePrometheusSpellings() {
        assertEquals("42", PrometheusText.number(42));
        assertEquals("0.25", PrometheusText.number(0.25));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.number(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("1.0E20", PrometheusText.number(1e20));
    }

    @Test
    void badNamesAreRefusedWhereTheMetricIsMade() {
        assertThrows(IllegalArgumentException.class, () -> Metric.counter("vias_bytes", "no _total"));
        assertThrows(IllegalArgumentException.class, () -> Metric.gauge("vias-bytes", "dash"));
        assertThrows(IllegalArgumentException.class, () -> Metric.gauge("9lives", "digit first"));
        assertThrows(IllegalArgumentException.class, () -> Metric.gauge("vias_x", "h").add(1, "peer-id", "b"));
        assertThrows(IllegalArgumentException.class, () -> Metric.gauge("vias_x", "h").add(1, "__name", "b"));
        assertThrows(IllegalArgumentException.class, () -> Metric.gauge("vias_x", "h").add(1, "le", "1"));
        assertThrows(IllegalArgumentException.class, () -> Metric.gauge("vias_x", "h").add(1, "peer"));
    }
}
