import { useI18n } from "../i18n/react";
import { DEFAULT_QUICK_EXIT_URL } from "../utils/quick-exit";
import { useNonce } from "./nonce";

/**
 * Runs in the page as soon as the browser reads it, before (and without) the app's script:
 * sign-in and the other form-only pages ship none, and on a slow phone hydration can take
 * seconds that a reader at risk does not have. Listeners go on the document once, so they
 * outlive client-side navigation; the address is read from the link, so the script is the
 * same on every page.
 *
 * - Clicking (or Enter on) the link replaces this history entry: Back does not come here.
 * - Shift pressed three times within 1.5 s does the same. Any other key in between (Shift+Tab,
 *   capitals typed with Shift, Alt+Shift switching keyboards) starts the count again; a key
 *   held down (auto-repeat) and keys typed while an input method composes text do not count.
 * - The page is hidden at once, so nothing stays on screen while the neutral site loads.
 */
const QUICK_EXIT_SCRIPT = `(function(){
if(window.__pxQuickExit)return;window.__pxQuickExit=1;
function leave(){var a=document.getElementById("quick-exit");if(!a)return;document.body.hidden=true;location.replace(a.href);}
document.addEventListener("click",function(e){var t=e.target;if(!t||!t.closest||!t.closest("#quick-exit"))return;e.preventDefault();e.stopPropagation();leave();},true);
var presses=[];
document.addEventListener("keydown",function(e){
if(e.repeat)return;
if(e.key!=="Shift"||e.isComposing||e.keyCode===229||e.ctrlKey||e.altKey||e.metaKey){presses=[];return;}
var now=Date.now();presses=presses.filter(function(t){return now-t<1500;});presses.push(now);
if(presses.length>=3){presses=[];leave();}
},true);
})();`;

/**
 * "Leave this page": the first thing on every page and the first stop for the keyboard, before
 * the skip link. Without JavaScript it is a plain link to a neutral site (QUICK_EXIT_URL), with
 * no referrer; with it, see QUICK_EXIT_SCRIPT. Nothing is fetched from that site before the
 * click: no prefetch, no preconnect, not the site's icon.
 */
export function QuickExit({ url, script = true }: { url: string | undefined; script?: boolean }) {
  const { t } = useI18n();
  const nonce = useNonce();
  return (
    <>
      <div className="quick-exit">
        <a id="quick-exit" href={url ?? DEFAULT_QUICK_EXIT_URL} rel="noreferrer" className="quick-exit-link">
          {t("quickExit.leave")}
        </a>
      </div>
      {script ? <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: QUICK_EXIT_SCRIPT }} /> : null}
    </>
  );
}
