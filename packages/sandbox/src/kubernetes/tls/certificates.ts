import crypto from 'node:crypto';
import net from 'node:net';
import forge from 'node-forge';

export interface ServingCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
}

function generateKeyPair() {
  // Node's native RSA generation takes milliseconds where forge's pure-JS one takes seconds.
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  return {
    privateKey: forge.pki.privateKeyFromPem(
      privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    ),
    publicKey: forge.pki.publicKeyFromPem(
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    ),
  };
}

function randomSerialNumber() {
  // A leading 0x01 keeps the DER integer positive.
  return `01${crypto.randomBytes(15).toString('hex')}`;
}

function validity(certificate: forge.pki.Certificate) {
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setFullYear(notAfter.getFullYear() + 1);
  certificate.validity.notBefore = notBefore;
  certificate.validity.notAfter = notAfter;
}

/**
 * A throwaway CA and a server certificate it signs, valid for localhost,
 * 127.0.0.1, ::1 and any extra hosts. Go clients (kubectl) require the
 * subjectAltName and a CA marked with basicConstraints.
 */
export function createServingCertificates(
  extraHosts: string[] = [],
): ServingCertificates {
  const caKeys = generateKeyPair();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = randomSerialNumber();
  validity(ca);
  const caSubject = [
    { name: 'commonName', value: 'callboard-sandbox-ca' },
    { name: 'organizationName', value: 'Callboard sandbox' },
  ];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    {
      name: 'keyUsage',
      keyCertSign: true,
      cRLSign: true,
      digitalSignature: true,
      critical: true,
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const serverKeys = generateKeyPair();
  const server = forge.pki.createCertificate();
  server.publicKey = serverKeys.publicKey;
  server.serialNumber = randomSerialNumber();
  validity(server);
  server.setSubject([
    { name: 'commonName', value: 'callboard-sandbox-apiserver' },
  ]);
  server.setIssuer(caSubject);
  const hosts = [...new Set(['localhost', '127.0.0.1', '::1', ...extraHosts])];
  server.setExtensions([
    { name: 'basicConstraints', cA: false },
    {
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: hosts.map(host =>
        net.isIP(host) ? { type: 7, ip: host } : { type: 2, value: host },
      ),
    },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes(),
    },
  ]);
  server.sign(caKeys.privateKey, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(ca),
    certPem: forge.pki.certificateToPem(server),
    keyPem: forge.pki.privateKeyToPem(serverKeys.privateKey),
  };
}
