/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** The versions of VIAS and of the main components it runs on, from the OSGi bundles (for {@code vias:status}). */
public final class ComponentVersions {
    private static final String[][] WANTED = {
        {"vias-impl", "org.opendaylight.vias.vias-impl"},
        {"openflowplugin", "org.opendaylight.openflowplugin.openflowplugin-impl"},
        {"openflowplugin-frm", "org.opendaylight.openflowplugin.applications.forwardingrules-manager"},
        {"mdsal", "org.opendaylight.mdsal.mdsal-binding-api"},
        {"controller", "org.opendaylight.controller.sal-distributed-datastore"},
        {"restconf", "org.opendaylight.netconf.restconf-nb"},
        {"yangtools", "org.opendaylight.yangtools.yang-common"},
    };

    private ComponentVersions() {
    }

    /** The VIAS bundle's version, "unknown" outside OSGi. */
    public static String vias() {
        final Bundle bundle = FrameworkUtil.getBundle(ComponentVersions.class);
        return bundle == null ? "unknown" : bundle.getVersion().toString();
    }

    /** Versions of the main components in this controller, by short name (Karaf and Java first). */
    public static Map<String, String> all() {
        final Map<String, String> out = new LinkedHashMap<>();
        out.put("karaf", System.getProperty("karaf.version", "unknown"));
        out.put("java", System.getProperty("java.version"));
        final Bundle self = FrameworkUtil.getBundle(ComponentVersions.class);
        if (self == null) {
            return out;
        }
        for (String[] entry : WANTED) {
            for (Bundle bundle : self.getBundleContext().getBundles()) {
                if (entry[1].equals(bundle.getSymbolicName())) {
                    out.put(entry[0], bundle.getVersion().toString());
                    break;
                }
            }
        }
        return out;
    }
}
