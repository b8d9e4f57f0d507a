/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.nat;

/** Why the controller dropped a punted packet instead of translating or answering it. */
public enum DropReason {
    NULL_FRAME,
    TRUNCATED_ETHERNET,
    VLAN_TAGGED,
    NOT_IPV4,
    NOT_ARP,
    TRUNCATED_IPV4,
    BAD_IP_VERSION,
    BAD_IP_HEADER_LENGTH,
    BAD_IP_TOTAL_LENGTH,
    BAD_IP_CHECKSUM,
    IP_FRAGMENT,
    UNSUPPORTED_PROTOCOL,
    TRUNCATED_L4,
    BAD_TCP_HEADER_LENGTH,
    BAD_UDP_LENGTH,
    BAD_ICMP_CHECKSUM,
    TRUNCATED_ARP,
    BAD_ARP_FORMAT,
    NOT_ARP_REQUEST,
    ARP_NOT_FOR_GATEWAY,
    BAD_ARP_SENDER,
    NOT_ECHO_REQUEST,
    NOT_ECHO_REPLY,
    NOT_FROM_NESTED_LAN,
    DESTINATION_IN_NESTED_LAN,
    NOT_TO_HOST,
    NOT_TCP_OR_UDP,
    DESTINATION_IS_GATEWAY,
    UNKNOWN_ECHO_ID,
    ECHO_ID_POOL_EXHAUSTED,
    PORT_POOL_EXHAUSTED,
    /**
     * Refused: the switch refused the entries of a new mapping (its flow table is full, or it rejects the rule); the
     * mapping was released.
     */
    SWITCH_REFUSED_RULES,
    /**
     * Refused without asking the switch: it refused entries shortly before and no entry has left its table since
     * ({@link FlowTableGuard}).
     */
    FLOW_TABLE_FULL,
    NEXT_HOP_UNKNOWN,
    NOT_NAT_TRAFFIC
}
