// The public half of the local server's RSA key (emulator/keys/public.pem), embedded so that src never imports emulator/.
// localRsaKey.test.ts checks these numbers against the PEM file, so a regenerated server key cannot drift silently.

export const LOCAL_RSA_KEY = {
  /** Telegram-style fingerprint: the low 64 bits of SHA1(TL bytes(n) + bytes(e)), as hex. */
  fingerprintHex: '61fd3e38bc74229c',
  modulus:
    'b968257f9a96f8e2778bb0aaaec7468ec1150a4aec05e88a9011f553b90108d954b570d0361efcea8ff0771829b1807fa0c91bd29c8888fc1b8cb98f97ad9ef93a25944a5b67bd3f4010e25826d16385c2af17d2b9f193239e7d1879059254820741fdc9918c8b77fd0e32175cdc97edbe80423268ed5399f2334feea5d56305243d5c7e0b95295edff751bfb7f9f50c782f35a871f15f9baf07652758f572313bc184d67dc09709224c98b83d0b494bdf40d52193f4d0dee38597fff9bea49ee271941cb27c1ed5f1771c7f3adcc7c85255bedbd2a786d6fd59fec7a021a2bcd75789ff15438aa3bc42391fc54798994d97d2cfde24d287dc9609c3168c1b79',
  exponent: '010001',
} as const;
