/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.view;

/**
 * A small streaming JSON writer (RFC 8259) for the page's state document: objects, arrays, strings, numbers,
 * booleans and null; commas are placed by the writer. The bundle needs nothing more, so it embeds no JSON library.
 */
final class Json {
    private final StringBuilder sb = new StringBuilder();
    /** Whether the container being written needs a comma before its next member. */
    private boolean needComma;

    Json beginObject() {
        comma();
        sb.append('{');
        needComma = false;
        return this;
    }

    Json endObject() {
        sb.append('}');
        needComma = true;
        return this;
    }

    Json beginArray() {
        comma();
        sb.append('[');
        needComma = false;
        return this;
    }

    Json endArray() {
        sb.append(']');
        needComma = true;
        return this;
    }

    /** The name of the next object member. */
    Json name(final String name) {
        comma();
        string(name);
        sb.append(':');
        needComma = false;
        return this;
    }

    Json value(final String value) {
        comma();
        if (value == null) {
            sb.append("null");
        } else {
            string(value);
        }
        needComma = true;
        return this;
    }

    Json value(final long value) {
        comma();
        sb.append(value);
        needComma = true;
        return this;
    }

    Json value(final double value) {
        comma();
        sb.append(Double.isFinite(value) ? Double.toString(value) : "null");
        needComma = true;
        return this;
    }

    Json value(final boolean value) {
        comma();
        sb.append(value);
        needComma = true;
        return this;
    }

    Json nullValue() {
        comma();
        sb.append("null");
        needComma = true;
        return this;
    }

    Json field(final String name, final String value) {
        return name(name).value(value);
    }

    Json field(final String name, final long value) {
        return name(name).value(value);
    }

    Json field(final String name, final boolean value) {
        return name(name).value(value);
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    private void comma() {
        if (needComma) {
            sb.append(',');
            needComma = false;
        }
    }

    private void string(final String text) {
        sb.append('"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    // control characters, and < so that the document can never close a script element
                    if (c < 0x20 || c == '<' || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
