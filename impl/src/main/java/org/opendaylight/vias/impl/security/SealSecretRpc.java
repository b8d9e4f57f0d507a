/*
 * Copyright (c) 2026 VIAS developers. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.vias.impl.security;

import org.opendaylight.aaa.encrypt.AAAEncryptionService;
import org.opendaylight.mdsal.binding.api.RpcProviderService;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.SealSecret;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.SealSecretOutput;
import org.opendaylight.yang.gen.v1.urn.opendaylight.vias.rev261125.SealSecretOutputBuilder;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code seal-secret} RPC: the sealed text of a password, for {@code xmpp/password} and {@code turn/password}
 * ({@link SecretSeal}). The password itself is neither stored nor logged.
 */
@Component(immediate = true)
public final class SealSecretRpc {
    private final Registration registration;

    @Activate
    public SealSecretRpc(@Reference final RpcProviderService rpcs, @Reference final AAAEncryptionService encryption) {
        final SecretSeal seal = SecretSeal.of(encryption);
        registration = rpcs.registerRpcImplementation((SealSecret) input -> {
            try {
                return RpcResultBuilder.success(new SealSecretOutputBuilder()
                    .setSealed(seal.seal(input.getSecret())).build()).buildFuture();
            } catch (IllegalArgumentException | IllegalStateException e) {
                return RpcResultBuilder.<SealSecretOutput>failed()
                    .withError(ErrorType.APPLICATION, "seal-secret: " + e.getMessage()).buildFuture();
            }
        });
    }

    @Deactivate
    void close() {
        registration.close();
    }
}
