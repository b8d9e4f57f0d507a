/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * OpenFlow 1.3 rules as plain value types.
 *
 * <p>Every rule VIAS installs (base pipeline, SDN NAT, encapsulation bypass) is built here by pure functions and
 * only then translated to OpenFlowPlugin's model by {@code impl}. That keeps the logic testable without ODL and
 * gives tests a second rendering ({@link org.opendaylight.vias.rules.OfctlFormat}) that matches what
 * {@code ovs-ofctl -O OpenFlow13 dump-flows} prints.
 */
package org.opendaylight.vias.rules;
