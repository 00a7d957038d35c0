/** bottleneck/light.js (no Redis clustering, what @octokit/plugin-throttling loads) ships no types of its own. */
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck'
  export default Bottleneck
}
