import crypto from 'node:crypto';
import { createServingCertificates } from './certificates';

describe('createServingCertificates', () => {
  it('issues a localhost server certificate signed by a CA it returns', () => {
    const { caPem, certPem, keyPem } = createServingCertificates([
      'sandbox.internal',
    ]);
    const ca = new crypto.X509Certificate(caPem);
    const server = new crypto.X509Certificate(certPem);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkPrivateKey(crypto.createPrivateKey(keyPem))).toBe(true);
    expect(server.subjectAltName).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:sandbox.internal',
    );
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });
});
